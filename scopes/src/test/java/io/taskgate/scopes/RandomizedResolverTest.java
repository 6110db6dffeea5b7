package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast resolver against {@link NaiveExpander} on thousands of random, adversarial role sets:
 * tiny alphabets so prefixes collide, star and parameterized roles, '*' inside scopes, empty
 * scopes, ids that prefix each other, and structured chains, diamonds and cycles.
 */
class RandomizedResolverTest {

    private static final long SEED = 20261123L;

    @Test
    void randomRoleSets_agreeWithNaiveFixpoint() {
        Random random = new Random(SEED);
        int resolved = 0;
        int cyclic = 0;
        int invalid = 0;
        for (int round = 0; round < 10_000; round++) {
            List<Role> roles = randomRoles(random);
            NaiveExpander naive = new NaiveExpander(roles);
            RoleResolver fast;
            try {
                fast = RoleResolver.build(roles);
            } catch (RoleException e) {
                if (e.code() == RoleException.Code.DependencyCycleError) {
                    assertThat(naive.hasCycle()).as("cycle reported for %s: %s", roles, e.getMessage()).isTrue();
                    assertThat(e.cycle()).hasSizeGreaterThan(1);
                    assertThat(e.cycle().get(0)).isEqualTo(e.cycle().get(e.cycle().size() - 1));
                    cyclic++;
                } else {
                    assertThat(hasInvalidTemplate(roles)).as("rejected %s: %s", roles, e.getMessage()).isTrue();
                    invalid++;
                }
                continue;
            }
            assertThat(hasInvalidTemplate(roles)).as("accepted invalid %s", roles).isFalse();
            assertThat(naive.hasCycle()).as("missed a cycle in %s", roles).isFalse();
            for (int k = 0; k < 6; k++) {
                List<String> input = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    input.add(randomScope(random, true));
                }
                assertThat(List.copyOf(fast.resolve(input)))
                        .as("roles %s, input %s", roles, input)
                        .isEqualTo(naive.expand(input));
                resolved++;
            }
            for (Role role : roles) {
                List<String> input = List.of("assume:" + role.roleId());
                assertThat(List.copyOf(fast.resolve(input))).as("roles %s, input %s", roles, input)
                        .isEqualTo(naive.expand(input));
            }
        }
        // The generator must exercise every outcome, or the comparison proves little.
        System.out.printf("randomized: %d inputs resolved, %d cyclic and %d invalid role sets%n", resolved, cyclic, invalid);
        assertThat(resolved).isGreaterThan(10_000);
        assertThat(cyclic).isGreaterThan(200);
        assertThat(invalid).isGreaterThan(50);
    }

    @Test
    void chainsAndDiamonds_agreeWithNaiveFixpoint() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 300; round++) {
            List<Role> roles = new ArrayList<>();
            int n = 2 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                List<String> scopes = new ArrayList<>();
                scopes.add("s:" + i);
                // Edges only to later nodes: chains and diamonds, never cycles.
                for (int j = i + 1; j < n; j++) {
                    if (random.nextInt(3) == 0) {
                        scopes.add("assume:n" + j);
                    }
                }
                if (random.nextInt(4) == 0 && i + 1 < n) {
                    scopes.add("assume:n" + (i + 1) + "*"); // a starred edge reaches ids it prefixes too
                }
                roles.add(new Role("n" + i, scopes));
            }
            List<String> input = List.of("assume:n0");
            RoleResolver fast;
            try {
                fast = RoleResolver.build(roles);
            } catch (RoleException e) {
                // "assume:n1*" also reaches n10..n13, which may point back: then it is a real cycle.
                assertThat(new NaiveExpander(roles).hasCycle()).isTrue();
                continue;
            }
            assertThat(List.copyOf(fast.resolve(input))).isEqualTo(new NaiveExpander(roles).expand(input));
        }
    }

    @Test
    void incrementalUpdates_agreeWithFullRebuilds() {
        Random random = new Random(SEED + 2);
        int updates = 0;
        int rejected = 0;
        for (int round = 0; round < 8000; round++) {
            RoleResolver current;
            try {
                current = RoleResolver.build(randomRoles(random));
            } catch (RoleException e) {
                continue;
            }
            for (int step = 0; step < 6; step++) {
                List<Role> roles = current.roles();
                RoleResolver next;
                RoleResolver rebuilt;
                if (!roles.isEmpty() && random.nextInt(4) == 0) {
                    String id = random.nextInt(5) == 0 ? "absent" : roles.get(random.nextInt(roles.size())).roleId();
                    next = current.withoutRole(id);
                    List<Role> expected = new ArrayList<>(roles);
                    expected.removeIf(r -> r.roleId().equals(id));
                    assertThat(next.roles()).isEqualTo(expected);
                    rebuilt = RoleResolver.build(expected);
                } else {
                    Role role = randomRoles(random).get(0);
                    if (!roles.isEmpty() && random.nextBoolean()) {
                        role = new Role(roles.get(random.nextInt(roles.size())).roleId(), role.scopes());
                    }
                    RoleException fullError = null;
                    List<Role> expected = new ArrayList<>();
                    boolean placed = false;
                    for (Role r : roles) {
                        if (!r.roleId().equals(role.roleId())) {
                            expected.add(r);
                        } else if (!placed) {
                            expected.add(role);
                            placed = true;
                        }
                    }
                    if (!placed) {
                        expected.add(role);
                    }
                    RoleResolver full = null;
                    try {
                        full = RoleResolver.build(expected);
                    } catch (RoleException e) {
                        fullError = e;
                    }
                    try {
                        next = current.withRole(role);
                    } catch (RoleException e) {
                        assertThat(fullError).as("update rejected %s on %s: %s", role, roles, e.getMessage()).isNotNull();
                        assertThat(e.code()).isEqualTo(fullError.code());
                        rejected++;
                        continue;
                    }
                    assertThat(fullError).as("update accepted %s on %s", role, roles).isNull();
                    assertThat(next.roles()).isEqualTo(expected);
                    rebuilt = full;
                }
                List<String> probe = new ArrayList<>();
                for (Role r : next.roles()) {
                    probe.add("assume:" + r.roleId());
                }
                for (int k = 0; k < 4; k++) {
                    probe.add(randomScope(random, true));
                }
                for (String input : probe) {
                    assertThat(List.copyOf(next.resolve(input))).as("after update, input %s, roles %s", input, next.roles())
                            .isEqualTo(List.copyOf(rebuilt.resolve(input)));
                }
                current = next;
                updates++;
            }
        }
        System.out.printf("incremental: %d updates compared, %d rejected like a rebuild%n", updates, rejected);
        assertThat(updates).isGreaterThan(5000);
        assertThat(rejected).isGreaterThan(200);
    }

    @Test
    void cycleThroughParameter_isReportedWithItsPath() {
        List<Role> roles = List.of(
                Role.of("a*", "assume:b<..>"),
                Role.of("b", "assume:c"),
                Role.of("c", "assume:a"));
        assertThatThrownBy(() -> RoleResolver.build(roles))
                .isInstanceOf(RoleException.class)
                .hasMessage("Roles may not contain dependency cycles, found: 'assume:a*' -> 'assume:b' -> 'assume:c' -> 'assume:a*'");
    }

    private static boolean hasInvalidTemplate(List<Role> roles) {
        for (Role role : roles) {
            if (!role.roleId().endsWith("*")) {
                continue;
            }
            for (String s : role.scopes()) {
                int at = s.indexOf("<..>");
                if (at >= 0 && (s.indexOf("<..>", at + 1) >= 0 || s.endsWith("*<..>"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Role> randomRoles(Random random) {
        List<Role> roles = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String id = word(random, 3);
            boolean star = id.isEmpty() || random.nextInt(3) == 0;
            if (star) {
                id = id + "*";
            }
            List<String> scopes = new ArrayList<>();
            int m = random.nextInt(4);
            for (int j = 0; j < m; j++) {
                String scope = randomScope(random, false);
                if (star && random.nextInt(3) == 0) {
                    int at = random.nextInt(scope.length() + 1);
                    scope = scope.substring(0, at) + "<..>" + scope.substring(at);
                    if (random.nextInt(25) == 0) {
                        scope = scope + "<..>";
                    }
                }
                if (!scope.endsWith("**")) {
                    scopes.add(scope);
                }
            }
            roles.add(new Role(id, scopes));
        }
        return roles;
    }

    private static String randomScope(Random random, boolean input) {
        // Roles rarely grant what reaches every role: that is always a cycle.
        int pick = input ? random.nextInt(12) : random.nextInt(40) == 0 ? random.nextInt(3) : 3 + random.nextInt(8);
        return switch (pick) {
            case 0 -> "";
            case 1 -> "*";
            case 2 -> "assume".substring(0, random.nextInt(7)) + "*";
            case 3, 4 -> "x" + word(random, 2);
            case 11 -> "assume:" + word(random, 3) + "**";
            default -> "assume:" + word(random, 3) + (random.nextInt(4) == 0 ? "*" : "");
        };
    }

    /** A short string over a tiny alphabet, so that prefixes collide; '*' may appear inside. */
    private static String word(Random random, int max) {
        String alphabet = "ab*";
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(max + 1);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? 3 : 2)));
        }
        return sb.toString();
    }
}
