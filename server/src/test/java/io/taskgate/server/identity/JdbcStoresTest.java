package io.taskgate.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskgate.server.store.Database;
import io.taskgate.server.store.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC stores on a real SQLite file. */
class JdbcStoresTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private Database db;
    private final SecretBox box = new SecretBox(new byte[32], new SecureRandom());
    private JdbcClientStore clients;
    private JdbcRoleStore roles;
    private JdbcAuditStore audit;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("taskgate.db"));
        clients = new JdbcClientStore(db, box);
        roles = new JdbcRoleStore(db);
        audit = new JdbcAuditStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Client client(String id, String token) {
        return new Client(id, "a client", token, List.of("queue:*", "assume:x"), T0.plus(Duration.ofDays(1)), T0, T0, T0,
                T0, false, false);
    }

    @Test
    void clients_roundTrip_andTheTokenNeverReachesTheDiskInTheClear() throws Exception {
        clients.create(client("project/a", "secret-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), Audit.ofClient("project/a", "root", "created", T0));
        assertThat(clients.get("project/a")).contains(client("project/a", "secret-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertThat(clients.get("project/b")).isEmpty();
        byte[] raw = db.read(c -> JdbcClientStore.rawToken(c, "project/a"));
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("secret-token");
        db.close();
        for (Path file : Files.list(dir).toList()) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain("secret-token");
        }
        open();
        assertThat(clients.get("project/a").get().accessToken()).isEqualTo("secret-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }

    @Test
    void toString_hidesTheToken() {
        assertThat(client("a", "secret-token").toString()).doesNotContain("secret-token").contains("hidden");
    }

    @Test
    void creatingATakenId_conflicts_andLeavesNoAuditEntry() {
        clients.create(client("a", "t1"), Audit.ofClient("a", "root", "created", T0));
        assertThatThrownBy(() -> clients.create(client("a", "t2"), Audit.ofClient("a", "root", "created", T0)))
                .isInstanceOf(Database.Conflict.class);
        assertThat(clients.get("a").get().accessToken()).isEqualTo("t1");
        assertThat(audit.history("client", "a", Optional.empty(), 10).items()).hasSize(1);
    }

    @Test
    void listing_filtersByLiteralPrefix_andPages() {
        for (String id : List.of("p/a", "p/b", "p/c", "p%d", "q/a", "p_e")) {
            clients.create(client(id, "t"), Audit.ofClient(id, "root", "created", T0));
        }
        Page<Client> first = clients.list("p/", Optional.empty(), 2);
        assertThat(first.items()).extracting(Client::clientId).containsExactly("p/a", "p/b");
        Page<Client> second = clients.list("p/", first.continuationToken(), 2);
        assertThat(second.items()).extracting(Client::clientId).containsExactly("p/c");
        assertThat(second.continuationToken()).isEmpty();
        assertThat(clients.list("p%", Optional.empty(), 10).items()).extracting(Client::clientId).containsExactly("p%d");
        assertThat(clients.list("", Optional.empty(), 1000).items()).hasSize(6);
        assertThatThrownBy(() -> clients.list("", Optional.of("!!"), 10)).hasMessageContaining("continuationToken");
        assertThatThrownBy(() -> clients.list("", Optional.empty(), 1001)).hasMessage("limit must be between 1 and 1000");
    }

    @Test
    void updatesDeletesAndUse_areRecorded_andMissingOnesReported() {
        clients.create(client("a", "t1"), Audit.ofClient("a", "root", "created", T0));
        Client old = client("a", "t1");
        Client rotated = new Client("a", old.description(), "t2", old.scopes(), old.expires(), old.created(), old.lastModified(),
                old.lastDateUsed(), T0.plusSeconds(5), false, false);
        assertThat(clients.update(rotated, Audit.ofClient("a", "admin", "resetAccessToken", T0.plusSeconds(5)))).isTrue();
        assertThat(clients.get("a").get().accessToken()).isEqualTo("t2");
        assertThat(clients.get("a").get().lastRotated()).isEqualTo(T0.plusSeconds(5));
        clients.recordUse("a", T0.plusSeconds(9));
        assertThat(clients.get("a").get().lastDateUsed()).isEqualTo(T0.plusSeconds(9));
        assertThat(clients.update(client("zz", "t"), Audit.ofClient("zz", "root", "updated", T0))).isFalse();
        assertThat(clients.delete("a", Audit.ofClient("a", "admin", "deleted", T0.plusSeconds(10)))).isTrue();
        assertThat(clients.delete("a", Audit.ofClient("a", "admin", "deleted", T0.plusSeconds(11)))).isFalse();
        Page<Audit> history = audit.history("client", "a", Optional.empty(), 2);
        assertThat(history.items()).extracting(Audit::action).containsExactly("created", "resetAccessToken");
        assertThat(history.items().get(1).clientId()).isEqualTo("admin");
        Page<Audit> rest = audit.history("client", "a", history.continuationToken(), 2);
        assertThat(rest.items()).extracting(Audit::action).containsExactly("deleted");
        assertThat(rest.items().get(0).at()).isEqualTo(T0.plusSeconds(10));
        assertThat(rest.continuationToken()).isEmpty();
        assertThat(audit.history("client", "zz", Optional.empty(), 10).items()).isEmpty();
    }

    @Test
    void roles_roundTrip() {
        StoredRole role = new StoredRole("repo:*", List.of("secrets:get:<..>"), "repos", T0, T0);
        roles.create(role, Audit.ofRole("repo:*", "root", "created", T0));
        assertThat(roles.get("repo:*")).contains(role);
        assertThatThrownBy(() -> roles.create(role, Audit.ofRole("repo:*", "root", "created", T0))).isInstanceOf(Database.Conflict.class);
        StoredRole changed = new StoredRole("repo:*", List.of("x"), "repos", T0, T0.plusSeconds(1));
        assertThat(roles.update(changed, Audit.ofRole("repo:*", "root", "updated", T0))).isTrue();
        assertThat(roles.all()).containsExactly(changed);
        assertThat(roles.delete("repo:*", Audit.ofRole("repo:*", "root", "deleted", T0))).isTrue();
        assertThat(roles.delete("repo:*", Audit.ofRole("repo:*", "root", "deleted", T0))).isFalse();
        assertThat(audit.history("role", "repo:*", Optional.empty(), 10).items()).extracting(Audit::action)
                .containsExactly("created", "updated", "deleted");
    }

    @Test
    void concurrentWriters_waitForEachOther_insteadOfFailing() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String id = "c/" + thread + "/" + i;
                        clients.create(client(id, "t"), Audit.ofClient(id, "root", "created", T0));
                        clients.recordUse(id, T0.plusSeconds(i));
                    }
                }));
            }
            for (Future<?> w : writes) {
                w.get();
            }
        }
        assertThat(clients.all()).hasSize(200);
    }

    @Test
    void reopening_keepsEverything_andMigratesOnce() {
        clients.create(client("a", "t"), Audit.ofClient("a", "root", "created", T0));
        db.close();
        open();
        try (Database second = Database.sqlite(dir.resolve("taskgate.db"))) { // migrations already applied
            assertThat(new JdbcClientStore(second, box).get("a")).isPresent();
        }
        assertThat(clients.get("a")).isPresent();
    }
}
