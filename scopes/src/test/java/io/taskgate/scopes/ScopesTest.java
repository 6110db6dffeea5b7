package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The single-scope rules of spec/scopes.md: validity, matching and the sort order. */
class ScopesTest {

    @Test
    void printableAscii_isValid_includingSpaceAndEmpty() {
        assertThat(Scopes.isValid("")).isTrue();
        assertThat(Scopes.isValid(" ")).isTrue();
        assertThat(Scopes.isValid("~ queue:create-task:<x>/*")).isTrue();
        assertThat(Scopes.isValid("tab\there")).isFalse();
        assertThat(Scopes.isValid("caf\u00e9")).isFalse();
        assertThat(Scopes.isValid("\u007f")).isFalse();
        assertThat(Scopes.isValid(null)).isFalse();
    }

    @Test
    void doubleStarEnding_isNotAssignable() {
        assertThat(Scopes.isAssignable("queue:**")).isFalse();
        assertThat(Scopes.isAssignable("queue:*")).isTrue();
        assertThat(Scopes.isAssignable("queue:**x")).isTrue();
    }

    @ParameterizedTest(name = "{0} matches ''{1}'': {2}")
    @CsvSource(delimiter = '|', value = {
        "a        | a        | true",
        "a        | ab       | false",
        "a*       | a        | true",
        "a*       | ab       | true",
        "a*       | a*       | true",
        "a*       | b        | false",
        "*        | ''       | true",
        "*        | anything | true",
        "''       | ''       | true",
        "''       | a        | false",
        "a*b      | a*b      | true",
        "a*b      | axb      | false",
        "a*b*     | a*bc     | true",
        "ab*      | a        | false",
        "a**      | a*       | true",
        "a**      | ab       | false",
    })
    void onlyAFinalStar_isSpecial(String pattern, String scope, boolean expected) {
        assertThat(Scopes.matches(pattern, scope)).isEqualTo(expected);
    }

    @Test
    void sortOrder_putsStarBeforeItsPrefix_asTheSpecExample() {
        List<String> sorted = List.of("*", "", "a*", "a", "a(", "aa", "b");
        List<String> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.sort(Scopes.ORDER);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }

    @Test
    void sortOrder_agreesWithTheNaiveDefinition() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            String a = word(random);
            String b = word(random);
            assertThat(Integer.signum(Scopes.compare(a, b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(NaiveExpander.compare(a, b)));
        }
    }

    static String word(Random random) {
        String alphabet = "a(*b ";
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(5);
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
