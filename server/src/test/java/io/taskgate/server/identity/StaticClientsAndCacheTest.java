package io.taskgate.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.server.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static clients at startup, and the in-memory cache that answers requests. */
class StaticClientsAndCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE";

    @TempDir
    Path dir;

    private Database db;
    private JdbcClientStore clients;
    private JdbcRoleStore roles;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("taskgate.db"));
        clients = new JdbcClientStore(db, new SecretBox(new byte[32], new SecureRandom()));
        roles = new JdbcRoleStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void firstStart_generatesTheRootOnce() {
        Optional<String> token = StaticClients.sync(clients, List.of(), at(T0), new SecureRandom());
        assertThat(token).isPresent();
        assertThat(token.get()).hasSize(44).matches("[A-Za-z0-9_-]+");
        Client root = clients.get(StaticClients.ROOT).get();
        assertThat(root.scopes()).containsExactly("*");
        assertThat(root.accessToken()).isEqualTo(token.get());
        assertThat(StaticClients.sync(clients, List.of(), at(T0.plusSeconds(60)), new SecureRandom())).isEmpty();
        assertThat(clients.get(StaticClients.ROOT).get().accessToken()).isEqualTo(token.get());
    }

    @Test
    void configuredClients_areCreatedUpdatedAndRemoved() {
        List<StaticClients.Definition> first = StaticClients.parse("[{\"clientId\":\"static/a\",\"accessToken\":\"" + TOKEN
                + "\",\"scopes\":[\"queue:*\"]},{\"clientId\":\"static/b\",\"accessToken\":\"" + TOKEN + "\",\"scopes\":[]}]");
        StaticClients.sync(clients, first, at(T0), new SecureRandom());
        assertThat(clients.all()).extracting(Client::clientId).containsExactly("static/a", "static/b", StaticClients.LOGIN, StaticClients.ROOT);
        List<StaticClients.Definition> second = StaticClients.parse("[{\"clientId\":\"static/a\",\"accessToken\":\"" + TOKEN
                + "\",\"scopes\":[\"queue:create-task:*\"],\"description\":\"ci\"}]");
        StaticClients.sync(clients, second, at(T0.plusSeconds(5)), new SecureRandom());
        assertThat(clients.all()).extracting(Client::clientId).containsExactly("static/a", StaticClients.LOGIN, StaticClients.ROOT);
        assertThat(clients.get("static/a").get().scopes()).containsExactly("queue:create-task:*");
        String loginToken = clients.get(StaticClients.LOGIN).get().accessToken();
        StaticClients.sync(clients, second, at(T0.plusSeconds(9)), new SecureRandom());
        assertThat(clients.get(StaticClients.LOGIN).get().accessToken()).as("the login client keeps its generated token").isEqualTo(loginToken);
        assertThat(clients.get("static/a").get().description()).isEqualTo("ci");
    }

    @Test
    void badConfiguration_namesTheEntryAndField() {
        assertThatThrownBy(() -> StaticClients.parse("{}")).hasMessage("TASKGATE_STATIC_CLIENTS must be a JSON array");
        assertThatThrownBy(() -> StaticClients.parse("[{\"clientId\":\"mine\",\"accessToken\":\"" + TOKEN + "\",\"scopes\":[]}]"))
                .hasMessage("TASKGATE_STATIC_CLIENTS[0].clientId must start with static/ and use only [A-Za-z0-9!@/:.+|_-]");
        assertThatThrownBy(() -> StaticClients.parse("[{\"clientId\":\"static/x\",\"accessToken\":\"short\",\"scopes\":[]}]"))
                .hasMessage("TASKGATE_STATIC_CLIENTS[0].accessToken must be 22 to 66 characters of [a-zA-Z0-9_-]")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> StaticClients.parse("[{\"clientId\":\"static/x\",\"accessToken\":\"" + TOKEN + "\",\"scopes\":[\"a**\"]}]"))
                .hasMessage("TASKGATE_STATIC_CLIENTS[0].scopes must hold printable ASCII scopes not ending in **");
        assertThatThrownBy(() -> StaticClients.parse("[{\"clientId\":\"static/taskgate/root\",\"accessToken\":\"" + TOKEN
                + "\",\"scopes\":[\"queue:*\"]}]")).hasMessageContaining("always holds exactly [\"*\"]");
        assertThatThrownBy(() -> StaticClients.parse("[1,")).hasMessageStartingWith("TASKGATE_STATIC_CLIENTS: invalid JSON");
    }

    @Test
    void cache_servesClientsWithTaskclustersMessages() throws Exception {
        StaticClients.sync(clients, StaticClients.parse("[{\"clientId\":\"static/a\",\"accessToken\":\"" + TOKEN
                + "\",\"scopes\":[\"assume:team\"]}]"), at(T0), new SecureRandom());
        roles.create(new StoredRole("team", List.of("queue:*"), "", T0, T0), Audit.ofRole("team", "root", "created", T0));
        Client expired = new Client("old", "", TOKEN, List.of(), T0.minusSeconds(1), T0, T0, T0, T0, false, false);
        Client off = new Client("off", "", TOKEN, List.of(), T0.plusSeconds(600), T0, T0, T0, T0, false, true);
        clients.create(expired, Audit.ofClient("old", "root", "created", T0));
        clients.create(off, Audit.ofClient("off", "root", "created", T0));
        List<Runnable> background = new ArrayList<>();
        IdentityCache cache = new IdentityCache(clients, roles, at(T0), background::add);
        HawkAuthenticator.Issuer a = cache.load("static/a");
        assertThat(a.scopes()).containsExactly("assume:team", "queue:*");
        assertThat(a.requestScopes()).contains("assume:anonymous", "queue:*");
        assertThat(cache.load("static/a")).isSameAs(a);
        assertThatThrownBy(() -> cache.load("nobody")).hasMessage("Client with clientId 'nobody' not found");
        assertThatThrownBy(() -> cache.load("off")).hasMessage("Client with clientId 'off' is disabled");
        assertThatThrownBy(() -> cache.load("old")).hasMessage("Client with clientId: 'old' has expired");
    }

    @Test
    void lastDateUsed_isWrittenAtMostEverySixHours() throws Exception {
        StaticClients.sync(clients, List.of(), at(T0), new SecureRandom());
        List<Runnable> background = new ArrayList<>();
        IdentityCache early = new IdentityCache(clients, roles, at(T0.plus(Duration.ofHours(5))), background::add);
        early.load(StaticClients.ROOT);
        assertThat(background).as("used 5 hours after the last write").isEmpty();
        IdentityCache later = new IdentityCache(clients, roles, at(T0.plus(Duration.ofHours(7))), background::add);
        later.load(StaticClients.ROOT);
        later.load(StaticClients.ROOT);
        assertThat(background).as("one write for many uses").hasSize(1);
        background.get(0).run();
        assertThat(clients.get(StaticClients.ROOT).get().lastDateUsed()).isEqualTo(T0.plus(Duration.ofHours(7)));
    }
}
