package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small JSON reader and writer that the dependency-free libraries share. */
class JsonTest {

    @Test
    void readsEveryKindOfValue() {
        Object tree = Json.parse(" {\"s\": \"a\\\"b\\\\c\\u00e9\\n\", \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null,"
                + " \"l\": [1, [], {}]} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c\u00e9\n");
        expected.put("n", -1500.0);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("l", List.of(1.0, List.of(), Map.of()));
        assertThat(tree).isEqualTo(expected);
    }

    @Test
    void writesCompactly_andRoundTrips() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("version", 1);
        tree.put("start", 1700000000000L);
        tree.put("ratio", 0.5);
        tree.put("whole", 3.0);
        tree.put("scopes", List.of("a\"b", "tab\there"));
        tree.put("none", null);
        tree.put("ok", true);
        String json = Json.write(tree);
        assertThat(json).isEqualTo("{\"version\":1,\"start\":1700000000000,\"ratio\":0.5,\"whole\":3,"
                + "\"scopes\":[\"a\\\"b\",\"tab\\there\"],\"none\":null,\"ok\":true}");
        assertThat(Json.parse(json)).isEqualTo(Json.parse(Json.write(Json.parse(json))));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "'{\"a\":1,\"a\":2}'   | invalid JSON at offset 7: duplicate property \"a\"",
        "'[1,2'               | invalid JSON at offset 4: expected ']'",
        "'{\"a\" 1}'          | invalid JSON at offset 5: expected ':'",
        "'\"abc'              | invalid JSON at offset 4: unterminated string",
        "'tru'                | invalid JSON at offset 0: unexpected token",
        "'1 2'                | invalid JSON at offset 2: unexpected text after the JSON value",
        "''                   | invalid JSON at offset 0: unexpected end of input",
        "'\"\\x\"'            | invalid JSON at offset 3: bad escape \\x",
    })
    void syntaxErrors_nameTheOffset(String json, String message) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void deepNesting_isRefused_notAStackOverflow() {
        char[] open = new char[10_000];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> Json.parse(new String(open))).hasMessageContaining("nesting deeper than 64");
    }

    @Test
    void unwritableValues_areRefused() {
        assertThatThrownBy(() -> Json.write(Map.of("x", Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(new Object())).hasMessage("cannot write Object as JSON");
    }
}
