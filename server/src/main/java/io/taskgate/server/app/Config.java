package io.taskgate.server.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.identity.StaticClients;
import io.taskgate.server.login.LdapSettings;
import io.taskgate.server.login.LoginSettings;
import io.taskgate.server.login.UpstreamOidcSettings;
import io.taskgate.server.oauth.ExternalIssuer;
import io.taskgate.server.oauth.OAuthApps;
import io.taskgate.server.oauth.TokenSettings;
import io.taskgate.server.session.SessionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server is configured with, read once at start from the command line and the
 * environment, and checked there with messages that say how to fix a bad value.
 *
 * @param publicUrl the URL clients use as rootUrl and that tokens name as {@code iss}; empty:
 *     {@code http://localhost:<port the server bound>}
 * @param oauthApps the third-party apps registered for the authorization code flow
 */
public record Config(String host, int port, Path dataDir, Optional<String> publicUrl, List<StaticClients.Definition> staticClients,
        Optional<String> masterKey, TokenSettings tokens, List<ExternalIssuer.Settings> externalIssuers, SessionSettings sessions,
        Profile profile, AuthMethods methods, LoginSettings login, OAuthApps oauthApps) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Builds the configuration from {@code serve}'s options and the environment; every variable is
     * described in docs/configuration.md.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public static Config of(String host, int port, Path dataDir, Map<String, String> env) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535");
        }
        Optional<String> publicUrl = setting(env, "TASKGATE_PUBLIC_URL");
        if (publicUrl.isPresent() && !publicUrl.get().matches("https?://[^/?#]+")) {
            throw new IllegalArgumentException("TASKGATE_PUBLIC_URL must be http(s)://host[:port] with no path, as clients use it as rootUrl");
        }
        List<StaticClients.Definition> statics = setting(env, "TASKGATE_STATIC_CLIENTS").map(StaticClients::parse).orElse(List.of());
        Profile profile = setting(env, "TASKGATE_PROFILE").map(Profile::parse).orElse(Profile.DEFAULT);
        AuthMethods methods = setting(env, "TASKGATE_AUTH_METHODS").map(AuthMethods::parse).orElse(profile.methods());
        return new Config(host, port, dataDir, publicUrl, statics, setting(env, "TASKGATE_MASTER_KEY"), tokens(env),
                externalIssuers(env), sessions(env), profile, methods, login(env),
                setting(env, "TASKGATE_OAUTH_APPS").map(OAuthApps::parse).orElse(OAuthApps.NONE));
    }

    /** The public URL, given the port the server actually bound. */
    public String publicUrl(int boundPort) {
        return publicUrl.orElse("http://localhost:" + boundPort);
    }

    private static TokenSettings tokens(Map<String, String> env) {
        TokenSettings d = TokenSettings.DEFAULTS;
        List<String> audiences = setting(env, "TASKGATE_TOKEN_AUDIENCES")
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList()).orElse(d.audiences());
        Duration lifetime = setting(env, "TASKGATE_TOKEN_LIFETIME").map(s -> Duration.ofSeconds(number("TASKGATE_TOKEN_LIFETIME", s)))
                .orElse(d.lifetime());
        JWSAlgorithm algorithm = setting(env, "TASKGATE_TOKEN_ALGORITHM").map(JWSAlgorithm::parse).orElse(d.algorithm());
        Duration rotation = setting(env, "TASKGATE_KEY_ROTATION_DAYS").map(s -> Duration.ofDays(number("TASKGATE_KEY_ROTATION_DAYS", s)))
                .orElse(d.rotation());
        return new TokenSettings(audiences, lifetime, algorithm, rotation);
    }

    private static LoginSettings login(Map<String, String> env) {
        LoginSettings d = LoginSettings.DEFAULTS;
        Duration lifetime = setting(env, "TASKGATE_LOGIN_CREDENTIAL_HOURS")
                .map(s -> Duration.ofHours(number("TASKGATE_LOGIN_CREDENTIAL_HOURS", s))).orElse(d.credentialLifetime());
        List<String> hosts = setting(env, "TASKGATE_LOGIN_ALLOWED_HOSTS").map(s -> Arrays.asList(s.split(","))).orElse(d.allowedHosts());
        for (String h : hosts) {
            if (!h.strip().isEmpty() && !h.strip().matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
                throw new IllegalArgumentException("TASKGATE_LOGIN_ALLOWED_HOSTS must be a comma-separated list of host names, without schemes or ports: "
                        + h.strip() + " is not one");
            }
        }
        Duration scan = setting(env, "TASKGATE_LOGIN_SCAN_MINUTES")
                .map(s -> Duration.ofMinutes(number("TASKGATE_LOGIN_SCAN_MINUTES", s))).orElse(d.scanInterval());
        return new LoginSettings(lifetime, hosts, flag(env, "TASKGATE_LOGIN_LOCAL", d.localEnabled()),
                flag(env, "TASKGATE_LOGIN_IDENTITY_ROLE", d.identityRole()), scan,
                UpstreamOidcSettings.parse(env.get(UpstreamOidcSettings.VARIABLE)), setting(env, "TASKGATE_LDAP").map(LdapSettings::parse));
    }

    private static boolean flag(Map<String, String> env, String name, boolean otherwise) {
        return setting(env, name).map(s -> switch (s.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false");
        }).orElse(otherwise);
    }

    private static SessionSettings sessions(Map<String, String> env) {
        SessionSettings d = SessionSettings.DEFAULTS;
        Duration idle = setting(env, "TASKGATE_SESSION_IDLE_MINUTES")
                .map(s -> Duration.ofMinutes(number("TASKGATE_SESSION_IDLE_MINUTES", s))).orElse(d.idleTimeout());
        Duration lifetime = setting(env, "TASKGATE_SESSION_LIFETIME_HOURS")
                .map(s -> Duration.ofHours(number("TASKGATE_SESSION_LIFETIME_HOURS", s))).orElse(d.lifetime());
        boolean csrf = flag(env, "TASKGATE_CSRF_ENABLED", d.csrfEnabled());
        return new SessionSettings(idle, lifetime, csrf);
    }

    private static List<ExternalIssuer.Settings> externalIssuers(Map<String, String> env) {
        Optional<String> json = setting(env, "TASKGATE_OIDC_ISSUERS");
        if (json.isEmpty()) {
            return List.of();
        }
        try {
            List<ExternalIssuer.Settings> list = JSON.readValue(json.get(), new TypeReference<List<ExternalIssuer.Settings>>() {});
            if (list.stream().map(ExternalIssuer.Settings::alias).distinct().count() < list.size()
                    || list.stream().map(ExternalIssuer.Settings::issuer).distinct().count() < list.size()) {
                throw new IllegalArgumentException("TASKGATE_OIDC_ISSUERS: each issuer and each alias may appear once");
            }
            return List.copyOf(list);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException("TASKGATE_OIDC_ISSUERS must be a JSON list of {issuer, alias, audiences?, clientIdClaim?, "
                    + "userClaim?, groupsClaim?}: " + why);
        }
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static Optional<String> setting(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
    }

    @Override
    public String toString() {
        return "Config[" + host + ":" + port + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl + ", staticClients="
                + staticClients.size() + ", masterKey=" + (masterKey.isPresent() ? "(from environment)" : "(from file)")
                + ", tokens=" + tokens + ", externalIssuers=" + externalIssuers.size() + ", profile=" + profile + ", methods="
                + methods.enabled() + "]";
    }
}
