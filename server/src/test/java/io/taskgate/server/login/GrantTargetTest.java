package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Access Grant's target: which URLs are accepted, and how the credentials are added to them. */
class GrantTargetTest {

    @Test
    void https_andHttpOnLoopbackOnly_areAccepted() {
        for (String ok : List.of("https://app.example/", "https://app.example:8443/x?y=1#z", "http://localhost:3000/",
                "http://127.0.0.1/cb", "http://[::1]:9/", "HTTPS://App.Example/")) {
            assertThat(GrantTarget.parse(ok).uri().toString()).isEqualTo(ok);
        }
        for (String bad : List.of("http://app.example/", "http://localhost.evil.example/", "ftp://app.example/", "javascript:alert(1)",
                "data:text/html,hi", "//app.example/", "/cb", "https:///nohost", "https://good.example@evil.example/",
                "https://app.example/" + "x".repeat(2048))) {
            assertThatThrownBy(() -> GrantTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target");
        }
    }

    @Test
    void theHostAndOrigin_areLowerCase() {
        GrantTarget t = GrantTarget.parse("https://App.Example:8443/x");
        assertThat(t.host()).isEqualTo("app.example");
        assertThat(t.origin()).isEqualTo("https://app.example:8443");
    }

    @Test
    void credentialsJoinTheTargetsOwnQuery_beforeItsFragment() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("clientId", "local/ada");
        p.put("certificate", "{\"a\": \"b+c\"}");
        assertThat(GrantTarget.parse("https://app.example/cb").with(p, false))
                .isEqualTo("https://app.example/cb?clientId=local%2Fada&certificate=%7B%22a%22%3A%20%22b%2Bc%22%7D");
        assertThat(GrantTarget.parse("https://app.example/cb?keep=1#top").with(Map.of("error", "access_denied"), false))
                .isEqualTo("https://app.example/cb?keep=1&error=access_denied#top");
        assertThat(GrantTarget.parse("https://app.example/cb?").with(Map.of("a", "b"), false)).isEqualTo("https://app.example/cb?a=b");
    }

    @Test
    void fragmentMode_putsThemAfterTheHash_keepingTheTargetsQuery() {
        assertThat(GrantTarget.parse("https://app.example/cb?keep=1").with(Map.of("clientId", "x"), true))
                .isEqualTo("https://app.example/cb?keep=1#clientId=x");
        assertThat(GrantTarget.parse("https://app.example/cb#view").with(Map.of("clientId", "x"), true))
                .isEqualTo("https://app.example/cb#view&clientId=x");
    }
}
