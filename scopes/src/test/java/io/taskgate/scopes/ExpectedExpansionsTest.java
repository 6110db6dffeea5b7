package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every expansion Taskcluster's own resolver produced for its production roles, in content and order. */
class ExpectedExpansionsTest {

    private static JsonNode vectors;
    private static RoleResolver production;

    @BeforeAll
    static void load() {
        vectors = ReferenceData.read("expected-expansions.json");
        production = RoleResolver.build(ReferenceData.productionRoles());
    }

    @Test
    void realRoleInputs_matchTaskcluster() {
        assertAllMatch(production, vectors.get("realRoleInputs"), 8);
    }

    @Test
    void everyRealClient_matchesTaskcluster() {
        assertAllMatch(production, vectors.get("clients"), 361);
    }

    @Test
    void everyRole_matchesTaskcluster() {
        assertAllMatch(production, vectors.get("roles"), 597);
    }

    @Test
    void syntheticChainsAndTrees_matchTaskcluster() {
        JsonNode synthetic = vectors.get("synthetic");
        assertThat(synthetic).hasSize(14);
        for (JsonNode vector : synthetic) {
            RoleResolver resolver = RoleResolver.build(ReferenceData.syntheticRoles(vector));
            List<String> got = resolver.resolve(ReferenceData.strings(vector.get("input")));
            assertThat(got).as(vector.get("name").asText())
                    .hasSize(vector.get("outputCount").asInt())
                    .containsExactlyElementsOf(ReferenceData.strings(vector.get("output")));
        }
    }

    private static void assertAllMatch(RoleResolver resolver, JsonNode cases, int expectedCount) {
        assertThat(cases).hasSize(expectedCount);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            List<String> input = ReferenceData.strings(c.get("input"));
            List<String> expected = ReferenceData.strings(c.get("output"));
            List<String> got = List.copyOf(resolver.resolve(input));
            if (!got.equals(expected)) {
                List<String> missing = new ArrayList<>(expected);
                missing.removeAll(got);
                List<String> extra = new ArrayList<>(got);
                extra.removeAll(expected);
                failures.add(input + ": missing " + head(missing) + ", extra " + head(extra)
                        + (missing.isEmpty() && extra.isEmpty() ? " (order differs)" : ""));
            }
        }
        assertThat(failures).as("inputs whose expansion differs from Taskcluster's").isEmpty();
    }

    private static List<String> head(List<String> list) {
        return list.size() <= 5 ? list : list.subList(0, 5);
    }
}
