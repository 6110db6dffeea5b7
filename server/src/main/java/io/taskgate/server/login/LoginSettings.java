package io.taskgate.server.login;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the login pages and the Access Grant behave.
 *
 * @param credentialLifetime how long granted temporary credentials last, from the moment of the
 *     grant (they also start 15 minutes before it); at most 31 days
 * @param allowedHosts target hosts that need no typed confirmation; any other host must be typed
 *     once by each person, as Taskcluster's defence against a phishing grant
 * @param localEnabled whether local users may sign in at the pages
 * @param identityRole whether the convention role {@code login-identity:*} is created when missing
 * @param scanInterval how often clients under a login identity are checked against their owner's scopes
 * @param oidc upstream OIDC providers people may sign in with
 * @param ldap the LDAP directory people may sign in with, if any
 */
public record LoginSettings(Duration credentialLifetime, List<String> allowedHosts, boolean localEnabled, boolean identityRole,
        Duration scanInterval, List<UpstreamOidcSettings> oidc, java.util.Optional<LdapSettings> ldap) {

    /** The longest a temporary credential may last (Taskcluster's limit). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(31);
    public static final LoginSettings DEFAULTS = new LoginSettings(Duration.ofDays(3), List.of(), true, true, Duration.ofHours(1),
            List.of(), java.util.Optional.empty());

    public LoginSettings {
        if (credentialLifetime.isNegative() || credentialLifetime.isZero() || credentialLifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("TASKGATE_LOGIN_CREDENTIAL_HOURS must be from 1 to 744 (31 days)");
        }
        if (scanInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("TASKGATE_LOGIN_SCAN_MINUTES must be at least 1");
        }
        oidc = List.copyOf(oidc);
        if (ldap.isPresent() && oidc.stream().anyMatch(o -> o.name().equals(ldap.get().name()))) {
            throw new IllegalArgumentException("TASKGATE_LDAP.name and a TASKGATE_LOGIN_OIDC name are both " + ldap.get().name()
                    + "; each source of authority needs its own name");
        }
        allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }
}
