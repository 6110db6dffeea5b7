package io.taskgate.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code TASKGATE_OAUTH_APPS} read into registrations, and each mistake named by entry and field. */
class OAuthAppsTest {

    private static final String AT = "TASKGATE_OAUTH_APPS[1].";
    private static final String GOOD = """
            {"clientId": "dash", "name": "Dashboard", "redirectUris": ["https://dash.example/cb"], "scopes": ["queue:*"],
             "maxLifetimeHours": 24}""";

    /** Two apps, the second with {@code field} set to the raw JSON {@code value}. */
    private static String with(String field, String value) {
        java.util.Map<String, String> second = new java.util.LinkedHashMap<>(java.util.Map.of("clientId", "\"second\"", "name",
                "\"Second\"", "redirectUris", "[\"https://second.example/cb\"]", "scopes", "[]", "maxLifetimeHours", "1"));
        second.put(field, value);
        StringBuilder b = new StringBuilder("[" + GOOD + ", {");
        second.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append('"').append(k).append("\": ").append(v));
        return b.append("}]").toString();
    }

    @Test
    void aGoodRegistration_isRead_withSkipConsentOffByDefault() {
        OAuthApps apps = OAuthApps.parse("[" + GOOD + ", {\"clientId\": \"cli_2\", \"name\": \"CLI\", \"redirectUris\": "
                + "[\"http://127.0.0.1:8400/cb\", \"http://localhost/x?y=1\"], \"scopes\": [], \"maxLifetimeHours\": 744, "
                + "\"skipConsent\": true}]");
        OAuthApp dash = apps.find("dash").orElseThrow();
        assertThat(dash.name()).isEqualTo("Dashboard");
        assertThat(dash.redirectUris()).containsExactly("https://dash.example/cb");
        assertThat(dash.scopes()).containsExactly("queue:*");
        assertThat(dash.maxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(dash.skipConsent()).isFalse();
        assertThat(apps.find("cli_2").orElseThrow().skipConsent()).isTrue();
        assertThat(apps.find("nobody")).isEmpty();
        assertThat(dash.redirects("https://dash.example/cb")).isTrue();
        assertThat(dash.redirects("https://dash.example/cb/")).isFalse();
        assertThat(OAuthApp.origin("https://Dash.Example:8443/cb?x=1")).isEqualTo("https://dash.example:8443");
    }

    @Test
    void mistakes_areNamedByEntryAndField() {
        assertThatThrownBy(() -> OAuthApps.parse("{}")).hasMessage("TASKGATE_OAUTH_APPS must be a JSON array of apps");
        assertThatThrownBy(() -> OAuthApps.parse("[")).hasMessageStartingWith("TASKGATE_OAUTH_APPS is not valid JSON");
        for (var bad : List.of(
                List.of("redirectUris", "[\"http://dash.example/cb\"]", AT + "redirectUris[0] must be https://"),
                List.of("redirectUris", "[\"https://dash.example/cb\", \"/relative\"]", AT + "redirectUris[1] must be https://"),
                List.of("redirectUris", "[\"https://good.example@evil.example/\"]", AT + "redirectUris[0] must be https://"),
                List.of("redirectUris", "[\"https://dash.example/cb#x\"]", AT + "redirectUris[0] must not have a #fragment"),
                List.of("redirectUris", "[]", AT + "redirectUris must name at least one"),
                List.of("redirectUris", "\"https://dash.example/cb\"", AT + "redirectUris must be an array"),
                List.of("clientId", "\"has space\"", AT + "clientId must be 1 to 64 characters of [A-Za-z0-9_-]"),
                List.of("clientId", "\"dash\"", AT + "clientId dash appears twice"),
                List.of("name", "\"\"", AT + "name must be"),
                List.of("scopes", "[\"queue:**\"]", AT + "scopes[0] must be printable ASCII"),
                List.of("scopes", "[7]", AT + "scopes[0] must be a string"),
                List.of("maxLifetimeHours", "745", AT + "maxLifetimeHours must be a whole number of hours from 1 to 744"),
                List.of("maxLifetimeHours", "1.5", AT + "maxLifetimeHours must be"),
                List.of("maxLifetimeHours", "0", AT + "maxLifetimeHours must be"))) {
            assertThatThrownBy(() -> OAuthApps.parse(with(bad.get(0), bad.get(1)))).as(bad.toString()).hasMessageStartingWith(bad.get(2));
        }
        assertThatThrownBy(() -> OAuthApps.parse("[" + GOOD.replace("}", ", \"skipConsent\": \"yes\"}") + "]"))
                .hasMessage("TASKGATE_OAUTH_APPS[0].skipConsent must be true or false");
        assertThatThrownBy(() -> OAuthApps.parse("[" + GOOD.replace("}", ", \"secret\": \"x\"}") + "]"))
                .hasMessageStartingWith("TASKGATE_OAUTH_APPS[0].secret is not a known field");
        assertThatThrownBy(() -> OAuthApps.parse("[" + GOOD.replace(",\n \"maxLifetimeHours\": 24", "") + "]"))
                .hasMessageStartingWith("TASKGATE_OAUTH_APPS[0].maxLifetimeHours must be");
    }
}
