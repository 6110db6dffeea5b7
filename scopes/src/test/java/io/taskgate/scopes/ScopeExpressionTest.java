package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions: JSON in and out, evaluation, and the unsatisfied remainder that 403 errors show. */
class ScopeExpressionTest {

    private static final ScopeSet HELD = ScopeSet.of("queue:create-task:*", "auth:get-client:x", "b");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "'\"b\"'                                              | true",
        "'\"c\"'                                              | false",
        "'{\"AllOf\":[]}'                                     | true",
        "'{\"AnyOf\":[]}'                                     | false",
        "'{\"AllOf\":[\"b\",\"queue:create-task:x/y\"]}'      | true",
        "'{\"AllOf\":[\"b\",\"c\"]}'                          | false",
        "'{\"AnyOf\":[\"c\",\"b\"]}'                          | true",
        "'{\"AnyOf\":[\"c\",{\"AllOf\":[\"b\",\"d\"]}]}'      | false",
        "'{\"AllOf\":[{\"AnyOf\":[\"c\",\"b\"]},{\"AllOf\":[]}]}' | true",
    })
    void evaluation(String json, boolean expected) {
        assertThat(ScopeExpression.parse(json).satisfiedBy(HELD)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} lacks {1}")
    @CsvSource(delimiter = '|', value = {
        "'\"b\"'                                               | ''",
        "'\"c\"'                                               | '\"c\"'",
        "'{\"AllOf\":[\"b\",\"c\",\"d\"]}'                     | '{\"AllOf\":[\"c\",\"d\"]}'",
        "'{\"AllOf\":[\"b\",\"c\"]}'                           | '\"c\"'",
        "'{\"AnyOf\":[\"c\",\"b\"]}'                           | ''",
        "'{\"AnyOf\":[\"c\",\"d\"]}'                           | '{\"AnyOf\":[\"c\",\"d\"]}'",
        "'{\"AnyOf\":[]}'                                      | '{\"AnyOf\":[]}'",
        "'{\"AllOf\":[]}'                                      | ''",
        "'{\"AllOf\":[\"b\",{\"AnyOf\":[\"c\",{\"AllOf\":[\"b\",\"d\"]}]}]}' | '{\"AnyOf\":[\"c\",\"d\"]}'",
    })
    void unsatisfiedRemainder(String json, String expected) {
        ScopeExpression required = ScopeExpression.parse(json);
        assertThat(required.unsatisfied(HELD).map(ScopeExpression::toJson).orElse("")).isEqualTo(expected);
        assertThat(required.unsatisfied(HELD).isEmpty()).isEqualTo(required.satisfiedBy(HELD));
    }

    @Test
    void json_roundTrips() {
        String json = "{\"AllOf\":[\"a\",{\"AnyOf\":[\"b\\\"q\",\"c\"]},{\"AllOf\":[]}]}";
        assertThat(ScopeExpression.parse(json).toJson()).isEqualTo(json);
        assertThat(ScopeExpression.fromTree(ScopeExpression.parse(json).toTree())).isEqualTo(ScopeExpression.parse(json));
    }

    @Test
    void scopes_listsEveryNamedScope() {
        assertThat(ScopeExpression.parse("{\"AllOf\":[\"a\",{\"AnyOf\":[\"b\",\"c\"]}]}").scopes())
                .containsExactly("a", "b", "c");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'{\"AllOf\":[],\"AnyOf\":[]}'     | expression: an object must have exactly one key, AllOf or AnyOf",
        "'{}'                              | expression: an object must have exactly one key, AllOf or AnyOf",
        "'{\"OneOf\":[]}'                  | expression: unknown key \"OneOf\", expected AllOf or AnyOf",
        "'{\"AllOf\":\"a\"}'               | expression.AllOf: must be an array",
        "'{\"AllOf\":[\"a\",3]}'           | expression.AllOf[1]: must be a string or an object with AllOf or AnyOf",
        "'{\"AnyOf\":[\"\\u00e9\"]}'       | expression.AnyOf[0]: scope must be printable ASCII",
        "'[\"a\"]'                         | expression: must be a string or an object with AllOf or AnyOf",
        "'{\"AllOf\":['                    | invalid JSON at offset 10: unexpected end of input",
    })
    void badExpressions_nameTheField(String json, String message) {
        assertThatThrownBy(() -> ScopeExpression.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void allOfHelper_buildsAnAllOf() {
        assertThat(ScopeExpression.allOf("a", "b").toJson()).isEqualTo("{\"AllOf\":[\"a\",\"b\"]}");
        assertThat(new ScopeExpression.AllOf(List.of()).satisfiedBy(ScopeSet.EMPTY)).isTrue();
    }
}
