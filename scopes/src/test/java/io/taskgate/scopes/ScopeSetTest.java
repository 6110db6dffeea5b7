package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Normal form, linear merges and satisfaction, by example and against the naive definitions. */
class ScopeSetTest {

    @Test
    void normalForm_sortsDedupesAndDropsCoveredScopes() {
        assertThat(ScopeSet.of("b", "a", "ab", "a*", "a", "c")).containsExactly("a*", "b", "c");
        assertThat(ScopeSet.of("a", "a(", "aa", "", "b")).containsExactly("", "a", "a(", "aa", "b");
        assertThat(ScopeSet.of("x", "*")).containsExactly("*");
        assertThat(ScopeSet.of()).isEmpty();
    }

    @Test
    void starInTheMiddle_isLiteral() {
        assertThat(ScopeSet.of("a*b", "axb")).containsExactly("a*b", "axb");
    }

    @Test
    void merge_keepsNormalForm() {
        ScopeSet a = ScopeSet.of("a:1", "b*", "c");
        ScopeSet b = ScopeSet.of("a*", "b:2", "d");
        assertThat(a.merge(b)).containsExactly("a*", "b*", "c", "d");
        assertThat(a.merge(ScopeSet.EMPTY)).isSameAs(a);
    }

    @Test
    void union_ofManySets_equalsNormalizingEverything() {
        Random random = new Random(3);
        for (int round = 0; round < 2000; round++) {
            List<ScopeSet> sets = new ArrayList<>();
            List<String> all = new ArrayList<>();
            int k = random.nextInt(6);
            for (int i = 0; i < k; i++) {
                List<String> scopes = randomScopes(random, random.nextInt(8));
                all.addAll(scopes);
                sets.add(ScopeSet.of(scopes));
            }
            assertThat(List.copyOf(ScopeSet.union(sets))).isEqualTo(NaiveExpander.normalize(all));
        }
    }

    @Test
    void mergeOfRandomSets_equalsNaiveNormalForm_includingLongRuns() {
        Random random = new Random(5);
        for (int round = 0; round < 5000; round++) {
            List<String> x = randomScopes(random, random.nextInt(40));
            List<String> y = randomScopes(random, random.nextInt(4));
            List<String> both = new ArrayList<>(x);
            both.addAll(y);
            List<String> expected = NaiveExpander.normalize(both);
            assertThat(List.copyOf(ScopeSet.of(x).merge(ScopeSet.of(y)))).as("%s + %s", x, y).isEqualTo(expected);
            assertThat(List.copyOf(ScopeSet.of(y).merge(ScopeSet.of(x)))).as("%s + %s", y, x).isEqualTo(expected);
            assertThat(List.copyOf(ScopeSet.of(both))).isEqualTo(expected);
        }
    }

    @Test
    void satisfies_agreesWithNaiveMatching_evenWithDoubleStars() {
        Random random = new Random(9);
        for (int round = 0; round < 5000; round++) {
            // Sets checked many times switch from binary search to a hash index: test both.
            List<String> held = randomScopes(random, random.nextInt(40));
            ScopeSet set = ScopeSet.of(held);
            for (int i = 0; i < 30; i++) {
                String required = randomScope(random);
                assertThat(set.satisfies(required)).as("%s satisfies %s", held, required)
                        .isEqualTo(NaiveExpander.satisfies(held, required));
            }
        }
    }

    @Test
    void satisfiesAll_needsEveryScope() {
        ScopeSet held = ScopeSet.of("queue:*", "auth:get-client:x");
        assertThat(held.satisfiesAll(List.of("queue:create-task:a", "auth:get-client:x"))).isTrue();
        assertThat(held.satisfiesAll(List.of("queue:create-task:a", "auth:get-client:y"))).isFalse();
        assertThat(held.satisfiesAll(List.of())).isTrue();
    }

    @Test
    void containsLiterally_doesNotMatchPatterns() {
        ScopeSet held = ScopeSet.of("assume:mozilla-user:*");
        assertThat(held.containsLiterally("assume:mozilla-user:alice")).isFalse();
        assertThat(held.satisfies("assume:mozilla-user:alice")).isTrue();
        assertThat(held.contains("assume:mozilla-user:*")).isTrue();
    }

    static List<String> randomScopes(Random random, int n) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(randomScope(random));
        }
        return new ArrayList<>(out);
    }

    static String randomScope(Random random) {
        String alphabet = "ab*(";
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(5);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(random.nextInt(random.nextInt(3) == 0 ? 4 : 3)));
        }
        return sb.toString();
    }
}
