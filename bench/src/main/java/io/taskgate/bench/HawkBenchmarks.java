package io.taskgate.bench;

import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.hawk.HawkRequest;
import io.taskgate.hawk.HawkSigner;
import io.taskgate.hawk.InMemoryReplayGuard;
import io.taskgate.hawk.ReplayGuard;
import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleResolver;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Hawk verification of one request, as the server does it for every Hawk call. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HawkBenchmarks {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** 1,000 clients with cached expanded scopes, and one signed request by one of them. */
    @State(Scope.Benchmark)
    public static class Signed {
        HawkAuthenticator authenticator;
        HawkRequest request;
        String header;

        @Setup
        public void sign() throws HawkException {
            RoleResolver roles = RoleResolver.build(List.of(Role.of("anonymous", "auth:ping")));
            Map<String, HawkAuthenticator.Issuer> clients = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                String id = "project/bench/client-" + i;
                clients.put(id, HawkAuthenticator.Issuer.of(id, "token-" + i + "-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                        List.of("queue:create-task:highest:bench/*", "assume:project:bench"), Instant.MAX, roles::resolve));
            }
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            authenticator = new HawkAuthenticator(id -> {
                HawkAuthenticator.Issuer issuer = clients.get(id);
                if (issuer == null) {
                    throw HawkException.plain("Client with clientId '" + id + "' not found");
                }
                return issuer;
            }, roles::resolve, clock, ReplayGuard.NONE);
            URI uri = URI.create("http://localhost:8080/api/auth/v1/scopes/current");
            header = new HawkSigner(clock, new SecureRandom()).header(
                    HawkSigner.Credentials.permanent("project/bench/client-500", "token-500-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                    "GET", uri, Optional.empty());
            request = new HawkRequest("GET", "/api/auth/v1/scopes/current", "localhost", 8080);
            authenticator.authenticate(request, header, Optional.empty()); // fails loudly if the fixture is wrong
        }
    }

    /** A replay guard under a steady stream of fresh nonces, its clock moving one second per 1,000 requests. */
    @State(Scope.Benchmark)
    public static class Guarded {
        long count;
        final Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return NOW.plusSeconds(count / 1000);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        final InMemoryReplayGuard guard = new InMemoryReplayGuard(clock, Duration.ofMinutes(15), 200_000);
    }

    @Benchmark
    public HawkAuthenticator.Authenticated verifyOneRequest(Signed s) throws HawkException {
        return s.authenticator.authenticate(s.request, s.header, Optional.empty());
    }

    @Benchmark
    public boolean replayCheckOneNonce(Guarded g) {
        long n = g.count++;
        return g.guard.firstUse("project/bench/client", NOW.getEpochSecond() + n / 1000, Long.toString(n, 36));
    }
}
