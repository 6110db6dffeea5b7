package io.taskgate.server.login;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LDAP directory as a source of authority: it checks a person's password by binding as them, and
 * tells who they are and which groups they belong to.
 *
 * <p>How it works. Searches and reads go through a small pool of connections bound as the service
 * account ({@code bindDn}), or anonymous without one. A password is checked by a simple bind on a
 * fresh connection that is closed afterwards, so a pooled connection never changes who it is bound
 * as. The username is escaped wherever it goes: it becomes one attribute value of the templated DN
 * (never text spliced into a DN string), and an RFC 4515 escaped value in search filters.
 *
 * <p>The answers keep three cases apart: a person ({@link Optional} with an identity), no such
 * person or a wrong password (empty), and a directory that cannot be asked ({@link Unavailable}), so
 * that callers answer 503 rather than "wrong password" when the directory is down.
 */
public final class LdapDirectory implements AutoCloseable {

    /**
     * The directory could not be asked: unreachable, too slow, TLS refused, or it refused the service
     * account. The message names the directory and the failure, and never holds a password.
     */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Longer usernames are refused before the directory is asked. */
    public static final int MAX_USERNAME = 256;

    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    private static final int POOL_SIZE = 8;
    /** The codes with which a directory turns down the credentials themselves, rather than failing. */
    private static final Set<ResultCode> DENIED = Set.of(ResultCode.INVALID_CREDENTIALS, ResultCode.INAPPROPRIATE_AUTHENTICATION,
            ResultCode.NO_SUCH_OBJECT, ResultCode.INVALID_DN_SYNTAX, ResultCode.UNWILLING_TO_PERFORM);

    private final LdapSettings settings;
    private final SingleServerSet server;
    private final Optional<StartTLSPostConnectProcessor> startTls;
    private final Optional<DN> template;
    private final LDAPConnectionPool pool;

    /** Trusts what the JVM's default trust store trusts ({@code javax.net.ssl.trustStore} if set). */
    public LdapDirectory(LdapSettings settings) {
        this(settings, defaultTls());
    }

    /** {@code tls} decides which certificates are trusted; tests pass one that trusts their own. */
    LdapDirectory(LdapSettings settings, SSLContext tls) {
        this.settings = settings;
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(millis(settings.connectTimeout()));
        options.setResponseTimeoutMillis(millis(settings.responseTimeout()));
        // A DN with an empty password is an unauthenticated bind, which many servers let succeed;
        // authenticate() refuses empty passwords first, and this keeps the SDK refusing them too.
        options.setBindWithDNRequiresPassword(true);
        // The certificate must name the host in the url, for ldaps and StartTLS alike (the SDK
        // waives this for a numeric loopback address such as 127.0.0.1, which never leaves the machine).
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        options.setFollowReferrals(false);
        SocketFactory sockets = settings.ldaps() ? tls.getSocketFactory() : SocketFactory.getDefault();
        this.server = new SingleServerSet(settings.host(), settings.port(), sockets, options);
        this.startTls = settings.startTls() ? Optional.of(new StartTLSPostConnectProcessor(tls)) : Optional.empty();
        this.template = settings.userDnTemplate().map(LdapDirectory::parseDn);
        SimpleBindRequest service = settings.bindDn().map(dn -> new SimpleBindRequest(dn, settings.bindPassword().orElseThrow()))
                .orElse(null);
        try {
            // No connection yet (0 initial, and no failure if the directory is down): Taskgate starts
            // whether or not the directory answers, and each call says Unavailable until it does.
            this.pool = new LDAPConnectionPool(server, service, 0, POOL_SIZE, startTls.orElse(null), false);
        } catch (LDAPException e) {
            throw unavailable("set up a connection pool", e, null);
        }
        pool.setConnectionPoolName("taskgate-ldap-" + settings.name());
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setMaxWaitTimeMillis(millis(settings.responseTimeout()));
        if (!settings.ldaps() && !settings.startTls() && !isLoopback(settings.host())) {
            LOG.warn("{} reaches {} without TLS: passwords cross the network in the clear; use ldaps:// or startTls",
                    LdapSettings.ENV, settings.url());
        }
    }

    /**
     * Checks {@code password} by binding as the user: to the DN from {@code userDnTemplate}, or to the
     * entry that the service account finds with {@code userSearchFilter}.
     *
     * @return the identity, named as the directory spells the user, with their groups; empty for a
     *     wrong password, an unknown user, an empty password, or a blank or overlong username
     * @throws Unavailable when the directory cannot be asked
     */
    public Optional<LoginIdentity> authenticate(String username, String password) {
        // An empty password must never reach a bind: it would be an unauthenticated bind, which succeeds.
        if (!acceptable(username) || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<SearchResultEntry> found = Optional.empty();
            String dn;
            if (template.isPresent()) {
                dn = userDn(username);
            } else {
                found = findUser(pool, username);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                dn = found.get().getDN();
            }
            try (LDAPConnection user = connect()) {
                try {
                    user.bind(new SimpleBindRequest(dn, password));
                } catch (LDAPException e) {
                    if (DENIED.contains(e.getResultCode())) {
                        return Optional.empty();
                    }
                    throw e;
                }
                // Later reads use the service account if there is one, else the user's own rights.
                LDAPInterface reader = settings.bindDn().isPresent() ? pool : user;
                Entry entry = found.isPresent() ? found.get() : reader.getEntry(dn, attributes());
                return Optional.of(identity(username, dn, entry, reader));
            }
        } catch (LDAPException e) {
            throw unavailable("check a password", e, password);
        }
    }

    /**
     * Reads a user's current groups with the service account (or anonymously without one), for a
     * scanner that rechecks what a login identity still holds.
     *
     * @param name the identity's name, as {@link #authenticate} returned it
     * @return empty when the user is no longer in the directory
     * @throws Unavailable when the directory cannot be asked
     */
    public Optional<LoginIdentity> lookup(String name) {
        if (!acceptable(name)) {
            return Optional.empty();
        }
        try {
            if (template.isPresent()) {
                String dn = userDn(name);
                Entry entry = pool.getEntry(dn, attributes());
                return entry == null ? Optional.empty() : Optional.of(identity(name, dn, entry, pool));
            }
            Optional<SearchResultEntry> found = findUser(pool, name);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(identity(name, found.get().getDN(), found.get(), pool));
        } catch (LDAPException e) {
            throw unavailable("look up a user", e, null);
        }
    }

    /** The settings this directory was built from. */
    public LdapSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static boolean acceptable(String username) {
        return username != null && !username.isBlank() && username.length() <= MAX_USERNAME;
    }

    /** The template with the username as the whole value in place of {@code {username}}; the SDK escapes it. */
    private String userDn(String username) {
        RDN[] rdns = template.orElseThrow().getRDNs();
        RDN[] out = new RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            String[] names = rdns[i].getAttributeNames();
            String[] values = rdns[i].getAttributeValues();
            for (int j = 0; j < values.length; j++) {
                if (values[j].equals(LdapSettings.USERNAME)) {
                    values[j] = username;
                }
            }
            out[i] = new RDN(names, values);
        }
        return new DN(out).toString();
    }

    /** One entry matching the filter; several are ambiguous, and so are nobody. */
    private Optional<SearchResultEntry> findUser(LDAPInterface reader, String username) throws LDAPException {
        Filter filter = Filter.create(settings.userSearchFilter().replace(LdapSettings.USERNAME, Filter.encodeValue(username)));
        SearchRequest request = new SearchRequest(settings.userSearchBase().orElseThrow(), SearchScope.SUB, filter, attributes());
        request.setSizeLimit(2);
        request.setTimeLimitSeconds((int) settings.responseTimeout().toSeconds());
        List<SearchResultEntry> entries;
        try {
            entries = reader.search(request).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            entries = e.getSearchEntries();
        }
        if (entries.size() > 1) {
            LOG.warn("{}: userSearchFilter matches more than one entry for a username; refusing it", LdapSettings.ENV);
            return Optional.empty();
        }
        return entries.stream().findFirst();
    }

    private LoginIdentity identity(String given, String dn, Entry entry, LDAPInterface reader) throws LDAPException {
        String name = spelling(given, entry);
        List<String> groups = switch (settings.groupSource()) {
            case MEMBER_OF -> entry == null ? List.of() : memberOf(entry);
            case SEARCH -> searchGroups(reader, entry == null ? dn : entry.getDN(), name);
        };
        return new LoginIdentity(settings.name(), name, groups);
    }

    /** The entry's own spelling of the name, so that {@code ALICE} and {@code alice} are one identity. */
    private String spelling(String given, Entry entry) {
        String[] values = entry == null ? null : entry.getAttributeValues(settings.usernameAttribute());
        if (values == null || values.length == 0) {
            return given;
        }
        for (String v : values) {
            if (v.equalsIgnoreCase(given)) {
                return v;
            }
        }
        return values[0].isEmpty() ? given : values[0];
    }

    /** Each value is a group's DN; the group is named by its RDN's value ({@code cn=ops,ou=groups,…} is {@code ops}). */
    private List<String> memberOf(Entry entry) {
        String[] values = entry.getAttributeValues(settings.memberOfAttribute());
        TreeSet<String> groups = new TreeSet<>();
        for (String value : values == null ? new String[0] : values) {
            try {
                RDN rdn = new DN(value).getRDN();
                if (rdn != null && !rdn.getAttributeValues()[0].isBlank()) {
                    groups.add(rdn.getAttributeValues()[0]);
                }
            } catch (LDAPException e) {
                LOG.warn("{}: skipping a {} value that is not a DN", LdapSettings.ENV, settings.memberOfAttribute());
            }
        }
        return new ArrayList<>(groups);
    }

    private List<String> searchGroups(LDAPInterface reader, String userDn, String name) throws LDAPException {
        Filter filter = Filter.create(settings.groupSearchFilter()
                .replace(LdapSettings.DN_PLACEHOLDER, Filter.encodeValue(userDn))
                .replace(LdapSettings.USERNAME, Filter.encodeValue(name)));
        SearchRequest request = new SearchRequest(settings.groupSearchBase().orElseThrow(), SearchScope.SUB, filter,
                settings.groupNameAttribute());
        request.setTimeLimitSeconds((int) settings.responseTimeout().toSeconds());
        TreeSet<String> groups = new TreeSet<>();
        for (SearchResultEntry group : reader.search(request).getSearchEntries()) {
            String value = group.getAttributeValue(settings.groupNameAttribute());
            if (value != null && !value.isBlank()) {
                groups.add(value);
            }
        }
        return new ArrayList<>(groups);
    }

    private String[] attributes() {
        return settings.groupSource() == LdapSettings.GroupSource.MEMBER_OF
                ? new String[] {settings.usernameAttribute(), settings.memberOfAttribute()}
                : new String[] {settings.usernameAttribute()};
    }

    /** A fresh connection for a user's bind, TLS first if StartTLS is configured. */
    private LDAPConnection connect() throws LDAPException {
        LDAPConnection connection = server.getConnection();
        try {
            if (startTls.isPresent()) {
                startTls.get().processPreAuthenticatedConnection(connection);
            }
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    /** The failure, for logs and operators; passwords are blotted out should a server ever echo one. */
    private Unavailable unavailable(String doing, LDAPException e, String password) {
        String why = e.getResultCode() + ": " + e.getMessage();
        for (String secret : new String[] {password, settings.bindPassword().orElse(null)}) {
            if (secret != null && !secret.isEmpty()) {
                why = why.replace(secret, "(hidden)");
            }
        }
        return new Unavailable("LDAP directory " + settings.url() + " could not " + doing + ": " + why);
    }

    private static DN parseDn(String dn) {
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(LdapSettings.ENV + ".userDnTemplate must be a DN");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static int millis(Duration d) {
        return (int) d.toMillis();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM offers no default TLS context", e);
        }
    }
}
