package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every role rule and example of spec/scopes.md. */
class RoleResolverTest {

    private static RoleResolver resolver(Role... roles) {
        return RoleResolver.build(List.of(roles));
    }

    @Test
    void expansion_includesTheInput_andIsNormalized() {
        RoleResolver r = resolver(Role.of("thing", "queue:a", "queue:*"));
        assertThat(r.resolve("assume:thing", "other", "queue:b")).containsExactly("assume:thing", "other", "queue:*");
    }

    @Test
    void roles_chainThroughAssume() {
        RoleResolver r = resolver(Role.of("a", "assume:b", "x"), Role.of("b", "assume:c", "y"), Role.of("c", "z"));
        assertThat(r.resolve("assume:a")).containsExactly("assume:a", "assume:b", "assume:c", "x", "y", "z");
        assertThat(r.resolve("assume:b")).containsExactly("assume:b", "assume:c", "y", "z");
    }

    @Test
    void starRole_appliesToEveryScopeUnderItsPrefix() {
        RoleResolver r = resolver(Role.of("repo:github.com/*", "queue:route:checks"));
        assertThat(r.resolve("assume:repo:github.com/org/repo:branch:main"))
                .contains("queue:route:checks");
        assertThat(r.resolve("assume:repo:gitlab.com/x")).containsExactly("assume:repo:gitlab.com/x");
    }

    @Test
    void starInput_pullsInEveryRoleWhoseIdItCouldMatch() {
        RoleResolver r = resolver(Role.of("repo:a", "s:a"), Role.of("repo:b", "s:b"), Role.of("other", "s:o"),
                Role.of("rep*", "s:star"));
        assertThat(r.resolve("assume:repo:*")).containsExactly("assume:repo:*", "s:a", "s:b", "s:star");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a*", "as*", "ass*", "assu*", "assum*", "assume*", "assume:*"})
    void inputsCoveringAllAssumeScopes_pullInEveryRole(String input) {
        RoleResolver r = resolver(Role.of("x", "s:x"), Role.of("y*", "s:y"));
        assertThat(r.resolve(input)).containsExactly(input, "s:x", "s:y");
    }

    @Test
    void starInput_coversEverythingItPullsIn() {
        RoleResolver r = resolver(Role.of("x", "s:x"));
        assertThat(r.resolve("*", "s:x")).containsExactly("*");
    }

    @ParameterizedTest
    @ValueSource(strings = {":*", "b*", "assumed*", "assume", "xassume:x", "Assume:x"})
    void otherInputs_takeNoPartInExpansion(String input) {
        RoleResolver r = resolver(Role.of("x", "s:x"), Role.of("*", "s:all"));
        assertThat(r.resolve(input)).containsExactly(input);
    }

    @Test
    void parameterizedRole_substitutesTheMatchedPart() {
        RoleResolver r = resolver(Role.of("project:*", "secrets:get:project/<..>/*"));
        assertThat(r.resolve("assume:project:ops")).containsExactly("assume:project:ops", "secrets:get:project/ops/*");
    }

    @Test
    void parameterEndingInStar_replacesTheRestOfTheScope() {
        RoleResolver r = resolver(Role.of("project-admin:*", "auth:create-role:project-<..>/*"));
        assertThat(r.resolve("assume:project-admin:ops*"))
                .containsExactly("assume:project-admin:ops*", "auth:create-role:project-ops*");
    }

    @Test
    void starInputShorterThanTheRolePrefix_makesTheParameterAStar() {
        RoleResolver r = resolver(Role.of("abc*", "ABC<..>DEF"));
        assertThat(r.resolve("assume:a*")).containsExactly("ABC*", "assume:a*");
    }

    @Test
    void parameterMayItselfBeAnAssumeScope() {
        RoleResolver r = resolver(Role.of("via:*", "assume:target/<..>"), Role.of("target/x", "granted"));
        assertThat(r.resolve("assume:via:x")).containsExactly("assume:target/x", "assume:via:x", "granted");
        assertThat(r.resolve("assume:via:y")).containsExactly("assume:target/y", "assume:via:y");
        // "assume:<..>" would be a cycle: with <..> as '*' it reaches every role, itself included.
        assertThatThrownBy(() -> resolver(Role.of("via:*", "assume:<..>"))).isInstanceOf(RoleException.class);
    }

    @Test
    void parameterInAPlainRole_isLiteral() {
        RoleResolver r = resolver(Role.of("plain", "a:<..>"));
        assertThat(r.resolve("assume:plain")).containsExactly("a:<..>", "assume:plain");
    }

    @Test
    void emptyAnonymousRole_grantsNothing() {
        RoleResolver r = resolver(Role.of("anonymous"));
        assertThat(r.resolve("assume:anonymous")).containsExactly("assume:anonymous");
    }

    @Test
    void rolesSharingAnId_actAsOne() {
        RoleResolver r = resolver(Role.of("undefined", "a"), Role.of("undefined", "b"));
        assertThat(r.resolve("assume:undefined")).containsExactly("a", "assume:undefined", "b");
    }

    @Test
    void multipleParameters_areRejected() {
        assertThatThrownBy(() -> resolver(Role.of("a*", "x<..>y<..>")))
                .isInstanceOfSatisfying(RoleException.class,
                        e -> assertThat(e.code()).isEqualTo(RoleException.Code.InvalidScopeError))
                .hasMessage("parameterized scope 'x<..>y<..>' contains multiple '<..>'");
    }

    @Test
    void starDirectlyBeforeAFinalParameter_isRejected() {
        assertThatThrownBy(() -> resolver(Role.of("a*", "x*<..>")))
                .hasMessage("parameterized scope 'x*<..>' ends with '*<..>' which implies an ambiguous kleene");
        // Followed by more text the '*' is literal whatever the parameter, as in Taskcluster.
        assertThat(resolver(Role.of("a*", "x*<..>y")).resolve("assume:aq")).contains("x*qy");
    }

    @Test
    void doubleStarScopes_andBadRoleIds_areRejected() {
        assertThatThrownBy(() -> resolver(Role.of("a", "queue:**")))
                .isInstanceOfSatisfying(RoleException.class,
                        e -> assertThat(e.code()).isEqualTo(RoleException.Code.InvalidScopeError));
        assertThatThrownBy(() -> resolver(Role.of("")))
                .isInstanceOfSatisfying(RoleException.class,
                        e -> assertThat(e.code()).isEqualTo(RoleException.Code.InvalidRoleError));
        assertThatThrownBy(() -> resolver(Role.of("caf\u00e9")))
                .isInstanceOf(RoleException.class);
    }

    @Test
    void cycle_isRejected_andNamed() {
        assertThatThrownBy(() -> resolver(Role.of("A", "assume:B"), Role.of("B", "assume:A")))
                .isInstanceOfSatisfying(RoleException.class, e -> {
                    assertThat(e.code()).isEqualTo(RoleException.Code.DependencyCycleError);
                    assertThat(e.cycle()).containsExactly("assume:A", "assume:B", "assume:A");
                })
                .hasMessage("Roles may not contain dependency cycles, found: 'assume:A' -> 'assume:B' -> 'assume:A'");
    }

    @Test
    void cycleCheck_takesParametersAsStar() {
        // assume:b<..> could be assume:bx; with <..> as '*' it reaches role "bx", which leads back.
        assertThatThrownBy(() -> resolver(Role.of("a*", "assume:b<..>"), Role.of("bx", "assume:a1")))
                .isInstanceOfSatisfying(RoleException.class,
                        e -> assertThat(e.cycle()).containsExactly("assume:a*", "assume:bx", "assume:a*"));
        assertThatThrownBy(() -> resolver(Role.of("self", "assume:self")))
                .hasMessage("Roles may not contain dependency cycles, found: 'assume:self' -> 'assume:self'");
    }

    @Test
    void aRoleGrantingStar_isNoCycle_andGivesStarToWhoeverAssumesIt() {
        // The dev profile's roles: anonymous and group:admin grant '*', which also reaches themselves.
        RoleResolver r = resolver(Role.of("anonymous", "*"), Role.of("group:admin", "*", "assume:anonymous"),
                Role.of("team", "assume:group:admin", "x"), Role.of("other", "y"), Role.of("p*", "*", "q<..>"));
        assertThat(r.resolve("assume:team")).containsExactly("*");
        assertThat(r.resolve("assume:group:admin")).containsExactly("*");
        assertThat(r.resolve("assume:p1")).containsExactly("*");
        assertThat(r.resolve("assume:other")).containsExactly("assume:other", "y");
        assertThat(r.withRole(Role.of("other", "*")).resolve("assume:other")).containsExactly("*");
        // A role that reaches itself through a narrower star is still a cycle.
        assertThatThrownBy(() -> resolver(Role.of("greedy", "assume:*")))
                .hasMessage("Roles may not contain dependency cycles, found: 'assume:greedy' -> 'assume:greedy'");
    }

    @Test
    void updates_buildANewResolver_andLeaveTheOldOneAlone() {
        RoleResolver before = resolver(Role.of("a", "assume:b"), Role.of("b", "x"));
        RoleResolver changed = before.withRole(Role.of("b", "y"));
        RoleResolver removed = changed.withoutRole("b");
        assertThat(before.resolve("assume:a")).containsExactly("assume:a", "assume:b", "x");
        assertThat(changed.resolve("assume:a")).containsExactly("assume:a", "assume:b", "y");
        assertThat(removed.resolve("assume:a")).containsExactly("assume:a", "assume:b");
        assertThat(removed.withoutRole("nope")).isSameAs(removed);
        assertThatThrownBy(() -> changed.withRole(Role.of("b", "assume:a"))).isInstanceOf(RoleException.class);
        assertThat(changed.resolve("assume:a")).containsExactly("assume:a", "assume:b", "y");
    }

    @Test
    void oneResolver_isSafeToShareBetweenThreads() throws Exception {
        RoleResolver r = RoleResolver.build(ReferenceData.productionRoles());
        List<String> expected = List.copyOf(r.resolve("assume:repo:github.com/*"));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> List.copyOf(r.resolve("assume:repo:github.com/*")).equals(expected)));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        }
    }
}
