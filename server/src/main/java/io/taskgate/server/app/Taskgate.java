package io.taskgate.server.app;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.InMemoryReplayGuard;
import io.taskgate.server.auth.AuditRoutes;
import io.taskgate.server.auth.AuthRoutes;
import io.taskgate.server.auth.ClientRoutes;
import io.taskgate.server.auth.RoleRoutes;
import io.taskgate.server.auth.TestAuthRoutes;
import io.taskgate.server.auth.UserRoutes;
import io.taskgate.server.authn.AuthMethods;
import io.taskgate.server.authn.BasicAuthenticator;
import io.taskgate.server.authn.BearerAuthenticator;
import io.taskgate.server.authn.LoginThrottle;
import io.taskgate.server.authn.PasswordCheck;
import io.taskgate.server.authn.SessionAuthenticator;
import io.taskgate.server.session.JdbcSessionStore;
import io.taskgate.server.login.AccessGrant;
import io.taskgate.server.login.JdbcLoginStore;
import io.taskgate.server.login.LocalPasswords;
import io.taskgate.server.login.LoginCredentials;
import io.taskgate.server.login.LoginIdentity;
import io.taskgate.server.login.LoginIdentityRole;
import io.taskgate.server.login.LoginRoutes;
import io.taskgate.server.login.PageSessions;
import io.taskgate.server.login.LdapDirectory;
import io.taskgate.server.login.LdapPasswords;
import io.taskgate.server.login.OidcSignIn;
import io.taskgate.server.login.UpstreamOidc;
import io.taskgate.server.login.OwnedClientScanner;
import io.taskgate.server.identity.User;
import java.util.HashMap;
import java.util.Map;
import io.taskgate.server.login.PasswordSource;
import io.taskgate.server.session.SessionRoutes;
import io.taskgate.server.session.Sessions;
import io.taskgate.server.identity.JdbcUserStore;
import io.taskgate.server.identity.Passwords;
import io.taskgate.server.identity.UserDirectory;
import io.taskgate.server.authn.RequestAuthenticator;
import io.taskgate.server.oauth.AccessTokenIssuer;
import io.taskgate.server.oauth.ExternalIssuer;
import io.taskgate.server.oauth.JdbcSigningKeyStore;
import io.taskgate.server.oauth.JwtVerifier;
import io.taskgate.server.oauth.KeyRing;
import io.taskgate.server.oauth.OAuthRoutes;
import io.taskgate.server.oauth.TokenGrant;
import io.taskgate.server.oauth.TokenSettings;
import io.taskgate.server.oauth.SigningKey;
import io.taskgate.server.login.AppAuthorization;
import io.taskgate.server.oauth.AppCredentials;
import io.taskgate.server.oauth.AuthorizationCodes;
import io.taskgate.server.oauth.CodeGrant;
import io.taskgate.server.oauth.JdbcAuthorizationCodeStore;
import com.nimbusds.jose.JWSAlgorithm;
import java.net.http.HttpClient;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.taskgate.server.http.ApiServer;
import io.taskgate.server.http.HealthRoutes;
import io.taskgate.server.http.Route;
import io.taskgate.server.http.Router;
import io.taskgate.server.identity.ExpiredClients;
import io.taskgate.server.identity.IdentityCache;
import io.taskgate.server.identity.JdbcAuditStore;
import io.taskgate.server.identity.JdbcClientStore;
import io.taskgate.server.identity.JdbcRoleStore;
import io.taskgate.server.identity.SecretBox;
import io.taskgate.server.identity.StaticClients;
import io.taskgate.server.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/** The whole server, wired by hand in one place: store, identities, authentication, routes, HTTP. */
public final class Taskgate implements AutoCloseable {

    /** This build's version. */
    public static final String VERSION = Optional.ofNullable(Taskgate.class.getPackage().getImplementationVersion()).orElse("dev");
    /** How many Hawk (id, ts, nonce) triples the replay guard remembers at most. */
    static final int REPLAY_MEMORY = 2_000_000;

    /** How often expired clients with deleteOnExpiration are deleted. */
    static final Duration EXPIRY_INTERVAL = Duration.ofHours(1);
    /** How often signing keys are reread, rotated when due, and pruned; see {@link KeyRing#RELOAD_INTERVAL}. */
    static final Duration KEY_MAINTENANCE_INTERVAL = KeyRing.RELOAD_INTERVAL;

    /** How often sessions that ended by time are deleted from the store. */
    static final Duration SESSION_PRUNE_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(Taskgate.class);

    private final Database db;
    private final ExecutorService background;
    private final ScheduledExecutorService jobs;
    private final IdentityCache identities;
    private final ApiServer server;
    private final Router router;
    private final String publicUrl;
    private final KeyRing keys;
    private final UserDirectory users;
    private final AuthMethods methods;
    private final OwnedClientScanner scanner;
    private final Optional<LdapDirectory> ldap;

    private Taskgate(Database db, ExecutorService background, ScheduledExecutorService jobs, IdentityCache identities,
            UserDirectory users, Router router, ApiServer server, String publicUrl, KeyRing keys, AuthMethods methods,
            OwnedClientScanner scanner, Optional<LdapDirectory> ldap) {
        this.scanner = scanner;
        this.ldap = ldap;
        this.methods = methods;
        this.users = users;
        this.publicUrl = publicUrl;
        this.keys = keys;
        this.db = db;
        this.background = background;
        this.jobs = jobs;
        this.identities = identities;
        this.router = router;
        this.server = server;
    }

    /**
     * Starts the server. A root accessToken generated on first start is printed to {@code console}
     * once; it is never logged or shown again.
     */
    public static Taskgate start(Config config, Clock clock, PrintStream console) throws IOException {
        SecureRandom random = new SecureRandom();
        SecretBox box = openSecrets(config, random);
        Database db = Database.sqlite(config.dataDir().resolve("taskgate.db"));
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
        ApiServer server = null;
        try {
            JdbcClientStore clients = new JdbcClientStore(db, box);
            JdbcRoleStore roles = new JdbcRoleStore(db);
            JdbcAuditStore audit = new JdbcAuditStore(db);
            StaticClients.sync(clients, config.staticClients(), loginClientScopes(config), clock, random).ifPresent(token -> console.println(
                    "Generated the root client " + StaticClients.ROOT + ". Its accessToken, shown only this once:\n  " + token));
            IdentityCache identities = new IdentityCache(clients, roles, clock, background);
            HawkAuthenticator hawk = new HawkAuthenticator(identities, identities::expand, clock,
                    new InMemoryReplayGuard(clock, HawkAuthenticator.SKEW, REPLAY_MEMORY));
            KeyRing keys = new KeyRing(new JdbcSigningKeyStore(db, box), config.tokens(), clock, random).open();
            server = new ApiServer(clock, config.host(), config.port()).start();
            String publicUrl = config.publicUrl(server.port());
            AccessTokenIssuer tokenIssuer = new AccessTokenIssuer(publicUrl, keys, random);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            config.externalIssuers().stream().filter(i -> i.audiences().isEmpty()).forEach(i -> LOG.warn(
                    "External issuer {} has no audiences configured: any token it issues, for any application, is accepted", i.issuer()));
            BearerAuthenticator bearer = new BearerAuthenticator(publicUrl,
                    // Every algorithm we can sign with: after a change of algorithm, tokens from the old key stay valid.
                    new JwtVerifier(publicUrl, keys, TokenSettings.ALGORITHMS, Set.copyOf(config.tokens().audiences()), clock),
                    config.externalIssuers().stream().map(s -> new ExternalIssuer(s, http, clock)).toList(), identities,
                    identities::lastRotated, identities::expand, clock);
            JdbcUserStore userStore = new JdbcUserStore(db);
            UserDirectory users = new UserDirectory(userStore);
            Passwords passwords = new Passwords();
            PasswordCheck passwordCheck = new PasswordCheck(users, passwords, new LoginThrottle(clock));
            BasicAuthenticator basic = new BasicAuthenticator(users, identities, passwordCheck, identities::expand, clock, random);
            Sessions sessions = new Sessions(new JdbcSessionStore(db), config.sessions(), clock, random);
            SessionAuthenticator people = new SessionAuthenticator(sessions, users, identities::expand);
            RequestAuthenticator authenticator = new RequestAuthenticator(hawk, bearer, basic, people, config.methods(),
                    identities::expand, clock);
            if (config.profile() == Profile.DEV) {
                DevProfile.setUp(roles, userStore, passwords, config.methods(), clock, console);
                identities.reload();
                users.reload();
            }
            if (config.login().identityRole() && LoginIdentityRole.ensure(roles, clock)) {
                identities.reload();
            }
            DevProfile.refuseLeftovers(config.profile(), config.methods(), identities::expand, users, passwords);
            List<Route> table = new ArrayList<>();
            table.addAll(new AuthRoutes(identities, authenticator, clock).routes());
            table.addAll(new ClientRoutes(clients, identities, clock, random).routes());
            table.addAll(new RoleRoutes(roles, identities, clock).routes());
            table.addAll(new UserRoutes(userStore, users, identities, passwords, sessions, clock).routes());
            table.addAll(new SessionRoutes(sessions, passwordCheck, config.methods()).routes());
            table.addAll(new AuditRoutes(audit).routes());
            JdbcLoginStore logins = new JdbcLoginStore(db);
            Optional<LdapDirectory> ldap = config.login().ldap().map(LdapDirectory::new);
            PageSessions pages = new PageSessions(sessions, people, logins, clock);
            OidcSignIn oidc = new OidcSignIn(config.login().oidc().stream().map(o -> new UpstreamOidc(o, http, clock, random)).toList(),
                    pages, box, publicUrl, clock);
            table.addAll(oidc.routes());
            table.addAll(loginRoutes(config, pages, oidc, ldap, clients, passwordCheck, identities, logins, clock, random));
            table.addAll(new TestAuthRoutes(identities, clock).routes());
            // Registered apps: the authorization endpoint (a page), and the authorization code grant at the token endpoint.
            AuthorizationCodes codes = new AuthorizationCodes(new JdbcAuthorizationCodeStore(db), clock, random);
            AppCredentials appCredentials = new AppCredentials(clients, identities, clock, random);
            table.addAll(new AppAuthorization(pages, config.oauthApps(), codes, identities::expand, clock).routes());
            CodeGrant codeGrant = new CodeGrant(config.oauthApps(), codes, appCredentials, clock);
            table.addAll(new OAuthRoutes(new TokenGrant(identities, config.tokens(), clock), codeGrant, appCredentials, tokenIssuer, keys,
                    config.tokens()).routes());
            table.addAll(HealthRoutes.routes(VERSION));
            Router router = new Router(table);
            server.serve(router, authenticator);
            ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("jobs").factory());
            jobs.scheduleWithFixedDelay(new ExpiredClients(clients, identities, clock), 0, EXPIRY_INTERVAL.toMinutes(), TimeUnit.MINUTES);
            OwnedClientScanner scanner = new OwnedClientScanner(clients, identities, owners(config, users, logins, ldap), clock);
            jobs.scheduleWithFixedDelay(scanner, config.login().scanInterval().toMinutes(), config.login().scanInterval().toMinutes(),
                    TimeUnit.MINUTES);
            jobs.scheduleWithFixedDelay(logFailure("session expiry", sessions::prune), SESSION_PRUNE_INTERVAL.toMinutes(),
                    SESSION_PRUNE_INTERVAL.toMinutes(), TimeUnit.MINUTES);
            jobs.scheduleWithFixedDelay(logFailure("signing-key maintenance", keys::maintain), KEY_MAINTENANCE_INTERVAL.toSeconds(),
                    KEY_MAINTENANCE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
            return new Taskgate(db, background, jobs, identities, users, router, server, publicUrl, keys, config.methods(), scanner, ldap);
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            background.shutdownNow();
            db.close();
            throw e;
        }
    }

    /**
     * Replaces the active signing key in the store now, for {@code taskgate rotate-keys}, with a key
     * of the same algorithm (the command's environment need not match the server's). Running nodes
     * accept the new key at once and sign with it within {@link KeyRing#RELOAD_INTERVAL}. Returns
     * the new key's algorithm and kid.
     */
    public static String rotateSigningKey(Config config, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        SecretBox box = openSecrets(config, random);
        try (Database db = Database.sqlite(config.dataDir().resolve("taskgate.db"))) {
            JdbcSigningKeyStore store = new JdbcSigningKeyStore(db, box);
            TokenSettings t = config.tokens();
            JWSAlgorithm algorithm = store.all().stream().filter(SigningKey::active).findFirst()
                    .map(k -> JWSAlgorithm.parse(k.algorithm())).orElse(t.algorithm());
            KeyRing keys = new KeyRing(store, new TokenSettings(t.audiences(), t.lifetime(), algorithm, t.rotation()), clock, random);
            return algorithm.getName() + " signing key " + keys.open().rotate();
        }
    }

    /** The login pages and the Access Grant, with the sources of authority the configuration names. */
    private static List<Route> loginRoutes(Config config, PageSessions pages, OidcSignIn oidc, Optional<LdapDirectory> ldap,
            JdbcClientStore clients, PasswordCheck passwordCheck,
            IdentityCache identities, JdbcLoginStore store, Clock clock, SecureRandom random) {
        LoginCredentials credentials = new LoginCredentials(() -> clients.get(StaticClients.LOGIN)
                .orElseThrow(() -> new IllegalStateException(StaticClients.LOGIN + " is missing")).accessToken(), clock, random);
        AccessGrant grant = new AccessGrant(pages, credentials, store, config.login(), clock);
        List<PasswordSource> sources = new ArrayList<>();
        if (config.login().localEnabled()) {
            sources.add(new LocalPasswords(passwordCheck));
        }
        ldap.ifPresent(directory -> sources.add(new LdapPasswords(directory, passwordCheck)));
        return new LoginRoutes(pages, grant, sources, oidc.buttons(), identities::expand, random).routes();
    }

    /** How each source of authority finds its people now, for the scanner of their own clients. */
    private static Map<String, OwnedClientScanner.Owners> owners(Config config, UserDirectory users, JdbcLoginStore logins,
            Optional<LdapDirectory> ldap) {
        Map<String, OwnedClientScanner.Owners> out = new HashMap<>();
        out.put(LoginIdentity.LOCAL, name -> users.get(name).filter(User::enabled).map(User::loginIdentity));
        // An OIDC provider cannot be asked about someone later: judge them by what it said at their last sign-in.
        config.login().oidc().forEach(o -> out.put(o.name(), name -> logins.lastKnown(o.name() + "/" + LoginIdentity.encode(name))));
        ldap.ifPresent(directory -> out.put(directory.settings().name(), directory::lookup));
        return out;
    }

    /** What {@code static/taskgate/login} holds: enough to name credentials after any identity of a configured source. */
    private static List<String> loginClientScopes(Config config) {
        List<String> scopes = new ArrayList<>(List.of("assume:login-identity:*", "assume:group:*"));
        scopes.add("auth:create-client:" + LoginIdentity.LOCAL + "/*");
        config.login().oidc().forEach(o -> scopes.add("auth:create-client:" + o.name() + "/*"));
        config.login().ldap().ifPresent(l -> scopes.add("auth:create-client:" + l.name() + "/*"));
        return scopes;
    }

    /** Makes the data directory private and opens the master key that seals secrets in the store. */
    private static SecretBox openSecrets(Config config, SecureRandom random) throws IOException {
        Files.createDirectories(config.dataDir());
        if (Files.getPosixFilePermissions(config.dataDir()).stream().anyMatch(p -> p.name().startsWith("OTHERS"))) {
            Files.setPosixFilePermissions(config.dataDir(), PosixFilePermissions.fromString("rwx------"));
        }
        return new SecretBox(MasterKey.load(config.masterKey(), config.dataDir(), random), random);
    }

    public int port() {
        return server.port();
    }

    /** The route table, for tests and docs that walk every route. */
    public List<Route> routes() {
        return router.routes();
    }

    /** The URL clients use as rootUrl, and that tokens name as their issuer. */
    public String publicUrl() {
        return publicUrl;
    }

    /** The authentication methods this server accepts. */
    public AuthMethods methods() {
        return methods;
    }

    /** The issuer's signing keys. */
    public KeyRing keys() {
        return keys;
    }

    /** A scheduled job that logs its failures rather than dying silently with them. */
    private static Runnable logFailure(String name, Runnable job) {
        return () -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed; it runs again at its next interval", name, e);
            }
        };
    }

    /** Checks people's own clients against their owners' scopes now, as the scheduled job does; returns how many it disabled. */
    public int scanOwnedClients() {
        return scanner.scan();
    }

    /** Rereads users, after a change made directly in the store. */
    public void reloadUsers() {
        users.reload();
    }

    /** Rereads clients and roles, after a change made directly in the store. */
    public void reloadIdentities() {
        identities.reload();
    }

    @Override
    public void close() {
        server.close();
        ldap.ifPresent(LdapDirectory::close);
        jobs.shutdownNow();
        background.shutdown();
        db.close();
    }
}
