package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates: parameters, for-loops spliced into their array, and if/then/else. */
class ScopeTemplateTest {

    @Test
    void parameters_areSubstitutedInStrings() {
        ScopeTemplate t = ScopeTemplate.parse("\"auth:create-client:<clientId>/<suffix>\"");
        assertThat(t.params()).containsOnlyKeys("clientId", "suffix");
        assertThat(t.render(Map.of("clientId", "me", "suffix", "x")).toJson()).isEqualTo("\"auth:create-client:me/x\"");
    }

    @Test
    void forLoop_isSplicedIntoTheParentArray() {
        ScopeTemplate t = ScopeTemplate.parse(
                "{\"AllOf\":[\"queue:create-task:<q>\",{\"for\":\"r\",\"in\":\"routes\",\"each\":\"queue:route:<r>\"}]}");
        assertThat(t.params()).containsEntry("routes", ScopeTemplate.ParamType.LIST).doesNotContainKey("r");
        assertThat(t.render(Map.of("q", "p/w", "routes", List.of("a", "b"))).toJson())
                .isEqualTo("{\"AllOf\":[\"queue:create-task:p/w\",\"queue:route:a\",\"queue:route:b\"]}");
        assertThat(t.render(Map.of("q", "p/w", "routes", List.of())).toJson())
                .isEqualTo("{\"AllOf\":[\"queue:create-task:p/w\"]}");
    }

    @Test
    void ifThenElse_picksABranch_andIfWithoutElseIsDropped() {
        ScopeTemplate t = ScopeTemplate.parse(
                "{\"AnyOf\":[\"a\",{\"if\":\"admin\",\"then\":\"b\",\"else\":{\"AllOf\":[\"c\"]}},{\"if\":\"x\",\"then\":\"d\"}]}");
        assertThat(t.render(Map.of("admin", true, "x", false)).toJson()).isEqualTo("{\"AnyOf\":[\"a\",\"b\"]}");
        assertThat(t.render(Map.of("admin", false, "x", true)).toJson())
                .isEqualTo("{\"AnyOf\":[\"a\",{\"AllOf\":[\"c\"]},\"d\"]}");
    }

    @Test
    void droppedRoot_rendersAsAlwaysSatisfied() {
        ScopeExpression e = ScopeTemplate.parse("{\"if\":\"private\",\"then\":\"secrets:get:<name>\"}")
                .render(Map.of("private", false));
        assertThat(e.toJson()).isEqualTo("{\"AllOf\":[]}");
        assertThat(e.satisfiedBy(ScopeSet.EMPTY)).isTrue();
    }

    @Test
    void missingOrMistypedParameters_areClearErrors() {
        ScopeTemplate t = ScopeTemplate.parse("{\"if\":\"f\",\"then\":\"a:<x>\"}");
        assertThatThrownBy(() -> t.render(Map.of("f", true)))
                .hasMessage("template parameter 'x' must be a string");
        assertThatThrownBy(() -> t.render(Map.of("f", "yes")))
                .hasMessage("template parameter 'f' must be a boolean");
        ScopeTemplate loop = ScopeTemplate.parse("{\"AllOf\":[{\"for\":\"r\",\"in\":\"rs\",\"each\":\"<r>\"}]}");
        assertThatThrownBy(() -> loop.render(Map.of("rs", "a")))
                .hasMessage("template parameter 'rs' must be a list of strings");
    }

    @Test
    void malformedTemplates_nameTheField() {
        assertThatThrownBy(() -> ScopeTemplate.parse("{\"for\":\"r\",\"in\":\"rs\",\"each\":\"<r>\"}"))
                .hasMessage("template: a for-loop must sit inside AllOf or AnyOf");
        assertThatThrownBy(() -> ScopeTemplate.parse("{\"AllOf\":[{\"for\":\"1r\",\"in\":\"rs\",\"each\":\"x\"}]}"))
                .hasMessage("template.AllOf[0].for: must be a parameter name matching [a-zA-Z][a-zA-Z0-9_]*");
        assertThatThrownBy(() -> ScopeTemplate.parse("{\"if\":\"a\",\"else\":\"x\"}"))
                .hasMessageStartingWith("template: keys must be");
        assertThatThrownBy(() -> ScopeTemplate.parse("{\"AllOf\":[\"<a>\",{\"if\":\"a\",\"then\":\"x\"}]}"))
                .hasMessageContaining("cannot be both");
    }
}
