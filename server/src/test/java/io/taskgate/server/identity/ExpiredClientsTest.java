package io.taskgate.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.server.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpiredClientsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void deletesOnlyExpiredClientsThatAskedForIt_andAuditsIt() {
        try (Database db = Database.sqlite(dir.resolve("taskgate.db"))) {
            JdbcClientStore clients = new JdbcClientStore(db, new SecretBox(new byte[32], new SecureRandom()));
            Instant past = T0.minusSeconds(1);
            for (Object[] c : new Object[][] {{"gone", past, true}, {"kept-flag", past, false}, {"kept-date", T0.plusSeconds(60), true}}) {
                clients.create(new Client((String) c[0], "", "t", List.of(), (Instant) c[1], T0, T0, T0, T0, (Boolean) c[2], false),
                        Audit.ofClient((String) c[0], "root", "created", T0));
            }
            IdentityCache cache = new IdentityCache(clients, new JdbcRoleStore(db), Clock.fixed(T0, ZoneOffset.UTC), Runnable::run);
            new ExpiredClients(clients, cache, Clock.fixed(T0, ZoneOffset.UTC)).run();
            assertThat(clients.all()).extracting(Client::clientId).containsExactly("kept-date", "kept-flag");
            assertThat(new JdbcAuditStore(db).history("client", "gone", Optional.empty(), 10).items())
                    .extracting(Audit::clientId, Audit::action)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("root", "created"),
                            org.assertj.core.groups.Tuple.tuple("expired-clients", "deleted"));
        }
    }
}
