package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scopes tour in README.md, line for line, so that the README stays true. */
class ReadmeTourTest {

    @Test
    void tour() {
        RoleResolver roles = RoleResolver.build(List.of(
                Role.of("project-admin:*", "secrets:get:project/<..>/*", "assume:project:<..>"),
                Role.of("project:ops", "queue:create-task:highest:ops/*")));

        ScopeSet scopes = roles.resolve("assume:project-admin:ops");
        assertThat(scopes).containsExactly("assume:project-admin:ops", "assume:project:ops",
                "queue:create-task:highest:ops/*", "secrets:get:project/ops/*");

        ScopeExpression needed = ScopeExpression.parse(
                "{\"AllOf\": [\"secrets:get:project/ops/db\", {\"AnyOf\": [\"queue:cancel-task\", \"queue:create-task:highest:ops/x\"]}]}");
        assertThat(needed.satisfiedBy(scopes)).isTrue();
        assertThat(needed.unsatisfied(ScopeSet.of("secrets:get:*")).get().toJson())
                .isEqualTo("{\"AnyOf\":[\"queue:cancel-task\",\"queue:create-task:highest:ops/x\"]}");

        assertThat(Identities.of(List.of("assume:login-identity:github/1234|octocat", "assume:mozilla-user:*"))
                .loginIdentities()).containsExactly("github/1234|octocat");

        assertThatThrownBy(() -> RoleResolver.build(List.of(Role.of("A", "assume:B"), Role.of("B", "assume:A"))))
                .isInstanceOf(RoleException.class)
                .hasMessage("Roles may not contain dependency cycles, found: 'assume:A' -> 'assume:B' -> 'assume:A'");
    }
}
