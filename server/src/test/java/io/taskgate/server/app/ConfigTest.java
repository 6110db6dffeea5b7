package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import io.taskgate.server.oauth.ExternalIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The environment read into settings, and bad values refused with a message that names the variable. */
class ConfigTest {

    private static Config of(Map<String, String> env) {
        return Config.of("127.0.0.1", 8080, Path.of("data"), env);
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        Config c = of(Map.of());
        assertThat(c.publicUrl(8080)).isEqualTo("http://localhost:8080");
        assertThat(c.tokens().audiences()).containsExactly("tasklist-api");
        assertThat(c.tokens().lifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.tokens().algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(c.tokens().rotation()).isEqualTo(Duration.ofDays(30));
        assertThat(c.externalIssuers()).isEmpty();
    }

    @Test
    void tokenSettings_areRead_andCheckedWithMessagesNamingTheVariable() {
        Config c = of(Map.of("TASKGATE_TOKEN_AUDIENCES", " tasklist-api , zeebe-api ,", "TASKGATE_TOKEN_LIFETIME", "600",
                "TASKGATE_TOKEN_ALGORITHM", "EdDSA", "TASKGATE_KEY_ROTATION_DAYS", "7"));
        assertThat(c.tokens().audiences()).containsExactly("tasklist-api", "zeebe-api");
        assertThat(c.tokens().defaultAudience()).isEqualTo("tasklist-api");
        assertThat(c.tokens().lifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.tokens().algorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(c.tokens().rotation()).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> of(Map.of("TASKGATE_TOKEN_LIFETIME", "5"))).hasMessageContaining("TASKGATE_TOKEN_LIFETIME");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_TOKEN_LIFETIME", "90000"))).hasMessageContaining("TASKGATE_TOKEN_LIFETIME");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_TOKEN_LIFETIME", "5m"))).hasMessage("TASKGATE_TOKEN_LIFETIME must be a whole number");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_TOKEN_ALGORITHM", "HS256"))).hasMessageContaining("TASKGATE_TOKEN_ALGORITHM");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_TOKEN_AUDIENCES", ","))).hasMessageContaining("TASKGATE_TOKEN_AUDIENCES");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_KEY_ROTATION_DAYS", "0"))).hasMessageContaining("TASKGATE_KEY_ROTATION_DAYS");
    }

    @Test
    void profiles_setTheMethods_andTheSwitchesOverrideThem() {
        assertThat(of(Map.of()).profile()).isEqualTo(Profile.DEFAULT);
        assertThat(of(Map.of()).methods().enabled()).containsExactlyInAnyOrder(io.taskgate.server.authn.AuthMethods.Method.BASIC,
                io.taskgate.server.authn.AuthMethods.Method.SESSION, io.taskgate.server.authn.AuthMethods.Method.BEARER,
                io.taskgate.server.authn.AuthMethods.Method.HAWK);
        assertThat(of(Map.of("TASKGATE_PROFILE", "oidc")).methods().enabled()).containsExactlyInAnyOrder(
                io.taskgate.server.authn.AuthMethods.Method.BEARER, io.taskgate.server.authn.AuthMethods.Method.HAWK);
        assertThat(of(Map.of("TASKGATE_PROFILE", "DEV", "TASKGATE_AUTH_METHODS", "hawk, basic")).methods().enabled())
                .containsExactlyInAnyOrder(io.taskgate.server.authn.AuthMethods.Method.HAWK, io.taskgate.server.authn.AuthMethods.Method.BASIC);
        assertThatThrownBy(() -> of(Map.of("TASKGATE_PROFILE", "prod"))).hasMessage("--profile must be dev, default or oidc");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_AUTH_METHODS", "hawk,ldap")))
                .hasMessage("TASKGATE_AUTH_METHODS: 'ldap' is not a method; use none, basic, session, bearer and hawk");
    }

    @Test
    void externalIssuers_areAJsonList_withDefaultsForTheClaims() {
        Config c = of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"https://kc.example/realms/camunda\",\"alias\":\"kc\","
                + "\"audiences\":[\"tasklist-api\"]},{\"issuer\":\"https://login.microsoftonline.com/t/v2.0\",\"alias\":\"entra\","
                + "\"clientIdClaim\":\"azp\",\"userClaim\":\"preferred_username\",\"groupsClaim\":\"roles\"}]"));
        assertThat(c.externalIssuers()).containsExactly(
                new ExternalIssuer.Settings("https://kc.example/realms/camunda", "kc", List.of("tasklist-api"), Optional.empty(), "sub", "groups"),
                new ExternalIssuer.Settings("https://login.microsoftonline.com/t/v2.0", "entra", List.of(), Optional.of("azp"),
                        "preferred_username", "roles"));
    }

    @Test
    void badExternalIssuers_areRefused_sayingWhatIsWrong() {
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "{}"))).hasMessageStartingWith("TASKGATE_OIDC_ISSUERS must be a JSON list");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"https://a.example\"}]")))
                .hasMessageContaining("alias");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"ftp://a.example\",\"alias\":\"a\"}]")))
                .hasMessageContaining("must be an http(s) URL");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"https://a.example\",\"alias\":\"a b\"}]")))
                .hasMessageContaining("alias for issuer 'https://a.example'");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"https://a.example\",\"alias\":\"a\",\"audience\":\"x\"}]")))
                .hasMessageContaining("audience");
        assertThatThrownBy(() -> of(Map.of("TASKGATE_OIDC_ISSUERS", "[{\"issuer\":\"https://a.example\",\"alias\":\"a\"},"
                + "{\"issuer\":\"https://b.example\",\"alias\":\"a\"}]"))).hasMessageContaining("each issuer and each alias may appear once");
    }
}
