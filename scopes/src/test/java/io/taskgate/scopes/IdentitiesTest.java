package io.taskgate.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity assertions are read literally; a star is a pattern, never an identity. */
class IdentitiesTest {

    @Test
    void identityScopes_areReadLiterally() {
        Identities ids = Identities.of(List.of(
                "assume:login-identity:github/1234|octocat",
                "assume:group:ops",
                "assume:mozilla-user:alice@example.com",
                "assume:mozilla-group:team_taskcluster",
                "queue:create-task:*"));
        assertThat(ids.loginIdentities()).containsExactly("github/1234|octocat");
        assertThat(ids.groups()).containsExactly("ops");
        assertThat(ids.mozillaUsers()).containsExactly("alice@example.com");
        assertThat(ids.mozillaGroups()).containsExactly("team_taskcluster");
        assertThat(ids.hasLoginIdentity("github/1234|octocat")).isTrue();
        assertThat(ids.inGroup("ops")).isTrue();
    }

    @Test
    void starScopes_assertNoIdentity_thoughTheySatisfyEveryUsersScope() {
        List<String> scopes = List.of("assume:mozilla-user:*", "assume:login-identity:*", "assume:group:*", "assume:*");
        Identities ids = Identities.of(scopes);
        assertThat(ids.mozillaUsers()).isEmpty();
        assertThat(ids.loginIdentities()).isEmpty();
        assertThat(ids.groups()).isEmpty();
        assertThat(ScopeSet.of(scopes).satisfies("assume:mozilla-user:alice@example.com")).isTrue();
        assertThat(ids.hasLoginIdentity("anyone")).isFalse();
    }

    @Test
    void emptyIdentity_isIgnored() {
        assertThat(Identities.of(List.of("assume:login-identity:")).loginIdentities()).isEmpty();
    }
}
