package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading {@code TASKGATE_LOGIN_OIDC}: defaults, and messages that say which entry and key are wrong. */
class UpstreamOidcSettingsTest {

    private static final String GOOD =
            "{\"name\":\"google\",\"issuer\":\"https://accounts.google.com\",\"clientId\":\"c\",\"clientSecret\":\"shh\"}";

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> UpstreamOidcSettings.parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aMinimalEntry_takesTheDefaults() {
        assertThat(UpstreamOidcSettings.parse("[" + GOOD + "]")).containsExactly(new UpstreamOidcSettings("google", "google",
                "https://accounts.google.com", "c", "shh", List.of("openid", "profile", "email"), "sub", Optional.empty()));
    }

    @Test
    void everyKey_isRead() {
        UpstreamOidcSettings s = UpstreamOidcSettings.parse("[{\"name\":\"kc\",\"displayName\":\"Company SSO\","
                + "\"issuer\":\"http://localhost:8080/realms/r\",\"clientId\":\"taskgate\",\"clientSecret\":\"x\","
                + "\"scopes\":\" openid  groups \",\"identityClaim\":\"preferred_username\",\"groupsClaim\":\"groups\"}]").get(0);
        assertThat(s).isEqualTo(new UpstreamOidcSettings("kc", "Company SSO", "http://localhost:8080/realms/r", "taskgate", "x",
                List.of("openid", "groups"), "preferred_username", Optional.of("groups")));
        assertThat(s.scope()).isEqualTo("openid groups");
    }

    @Test
    void nothingConfigured_isNoProviders() {
        assertThat(UpstreamOidcSettings.parse(null)).isEmpty();
        assertThat(UpstreamOidcSettings.parse("  ")).isEmpty();
        assertThat(UpstreamOidcSettings.parse("[]")).isEmpty();
    }

    @Test
    void errors_nameTheEntryAndTheKey() {
        refused("[{\"name\":\"g\",\"issuer\":\"http://accounts.google.com\",\"clientId\":\"c\",\"clientSecret\":\"s\"}]",
                "TASKGATE_LOGIN_OIDC[0].issuer must be an https URL (http only for localhost)");
        refused("[" + GOOD + ",{\"name\":\"kc\",\"issuer\":\"https://kc.example\",\"clientId\":\"c\"}]",
                "TASKGATE_LOGIN_OIDC[1].clientSecret is required");
        refused("[{\"issuer\":\"https://kc.example\",\"clientId\":\"c\",\"clientSecret\":\"s\"}]",
                "TASKGATE_LOGIN_OIDC[0].name must be 1 to 32 characters of [a-z0-9_-], starting with a letter or digit");
        refused("[" + GOOD + "," + GOOD + "]", "TASKGATE_LOGIN_OIDC[1].name 'google' is used by an earlier entry");
        refused("[" + GOOD.replace("\"clientId\"", "\"clientID\"") + "]",
                "TASKGATE_LOGIN_OIDC[0].clientID is not a known key; the keys are "
                        + "[clientId, clientSecret, displayName, groupsClaim, identityClaim, issuer, name, scopes]");
        refused("[" + GOOD.replace("}", ",\"scopes\":\"profile email\"}") + "]", "TASKGATE_LOGIN_OIDC[0].scopes must include openid");
        refused("[" + GOOD.replace("}", ",\"scopes\":[\"openid\"]}") + "]", "TASKGATE_LOGIN_OIDC[0].scopes must be a string");
        refused("[" + GOOD.replace("google", "local") + "]",
                "TASKGATE_LOGIN_OIDC[0].name 'local' is reserved for another source of authority");
        refused("[" + GOOD.replace("https://accounts.google.com", "https://idp.example/?x=1") + "]",
                "TASKGATE_LOGIN_OIDC[0].issuer must have no query, fragment or user info (OpenID Connect Discovery §2)");
        refused("{}", "TASKGATE_LOGIN_OIDC must be a JSON array of objects");
        refused("[\"google\"]", "TASKGATE_LOGIN_OIDC[0] must be a JSON object");
    }

    @Test
    void badJson_isReportedWithoutQuotingTheInput() {
        assertThatThrownBy(() -> UpstreamOidcSettings.parse("[{\"clientSecret\":\"hunter2\" \"x\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("TASKGATE_LOGIN_OIDC is not valid JSON (line 1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void toString_hidesTheSecret() {
        assertThat(UpstreamOidcSettings.parse("[" + GOOD + "]").get(0).toString()).contains("clientId=c").doesNotContain("shh");
    }
}
