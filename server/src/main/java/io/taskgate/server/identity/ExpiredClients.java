package io.taskgate.server.identity;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The background job that deletes expired clients that asked for it ({@code deleteOnExpiration}). */
public final class ExpiredClients implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredClients.class);

    private final ClientStore store;
    private final IdentityCache identities;
    private final Clock clock;

    public ExpiredClients(ClientStore store, IdentityCache identities, Clock clock) {
        this.store = store;
        this.identities = identities;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            Instant now = clock.instant();
            int deleted = 0;
            for (Client c : store.all()) {
                if (c.deleteOnExpiration() && c.expires().isBefore(now)
                        && store.delete(c.clientId(), Audit.ofClient(c.clientId(), "expired-clients", "deleted", now))) {
                    deleted++;
                }
            }
            if (deleted > 0) {
                identities.reload();
                LOG.info("deleted {} expired clients", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("deleting expired clients failed; the next run tries again", e);
        }
    }
}
