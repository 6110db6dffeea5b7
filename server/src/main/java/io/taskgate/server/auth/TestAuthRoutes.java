package io.taskgate.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgate.hawk.Bewit;
import io.taskgate.hawk.HawkAuthenticator;
import io.taskgate.hawk.HawkException;
import io.taskgate.hawk.HawkRequest;
import io.taskgate.hawk.InMemoryReplayGuard;
import io.taskgate.scopes.ScopeExpression;
import io.taskgate.server.authn.Principal;
import io.taskgate.server.http.ApiError;
import io.taskgate.server.http.Authorization;
import io.taskgate.server.http.Body;
import io.taskgate.server.http.Call;
import io.taskgate.server.http.Reply;
import io.taskgate.server.http.Route;
import io.taskgate.server.identity.IdentityCache;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Taskcluster's test endpoints, for client libraries to test their signing against: they accept
 * only the fixed client {@code tester} with the accessToken {@code no-secret}, give it the scopes
 * the test asks for, and require the scopes the test names. They never see real credentials.
 */
public final class TestAuthRoutes {

    static final String TESTER = "tester";
    static final String TESTER_TOKEN = "no-secret";
    private static final List<String> GET_SCOPES = List.of("test:*", "auth:create-client:test:*");

    private final IdentityCache identities;
    private final Clock clock;
    private final InMemoryReplayGuard replay;

    public TestAuthRoutes(IdentityCache identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
        this.replay = new InMemoryReplayGuard(clock, HawkAuthenticator.SKEW, 10_000);
    }

    public List<Route> routes() {
        return List.of(
                Route.authenticatingItself("POST", AuthRoutes.BASE + "/test-authenticate", "testAuthenticate", this::testAuthenticate),
                Route.authenticatingItself("GET", AuthRoutes.BASE + "/test-authenticate-get/", "testAuthenticateGet",
                        this::testAuthenticateGet));
    }

    private Reply testAuthenticate(Call call) {
        JsonNode body = call.requireBody();
        Body.onlyFields(body, Set.of("clientScopes", "requiredScopes"));
        List<String> clientScopes = Body.scopes(body, "clientScopes", false);
        List<String> required = Body.scopes(body, "requiredScopes", false);
        Principal who = authenticate(call, clientScopes);
        call.authorize(Map.of());
        Authorization.require(who, ScopeExpression.allOf(required.toArray(new String[0])), call.route().name());
        return Reply.ok(Map.of("clientId", who.clientId().orElseThrow(), "scopes", who.scopes()));
    }

    private Reply testAuthenticateGet(Call call) {
        Principal who = authenticate(call, GET_SCOPES);
        call.authorize(Map.of());
        Authorization.require(who, new ScopeExpression.Scope("test:authenticate-get"), call.route().name());
        return Reply.ok(Map.of("clientId", who.clientId().orElseThrow(), "scopes", who.scopes()));
    }

    /** Authenticates the request's Hawk header or bewit against the one test client, holding {@code scopes}. */
    private Principal authenticate(Call call, Collection<String> scopes) {
        HawkAuthenticator.Clients tester = id -> {
            if (!id.equals(TESTER)) {
                throw HawkException.plain("Client with clientId '" + id + "' not found");
            }
            return HawkAuthenticator.Issuer.of(TESTER, TESTER_TOKEN, scopes, Instant.now(clock).plusSeconds(3600), identities::expand);
        };
        HawkAuthenticator hawk = new HawkAuthenticator(tester, identities::expand, clock, replay);
        Call.RawRequest raw = call.raw();
        try {
            HawkRequest request = HawkRequest.fromHeaders(raw.method(), raw.resource(), raw.header().apply("Host").orElse(null),
                    raw.header().apply("X-Forwarded-Port").orElse(null), raw.header().apply("X-Forwarded-Proto").orElse(null), raw.tls());
            Optional<String> authorization = raw.header().apply("Authorization");
            HawkAuthenticator.Authenticated a;
            if (authorization.isPresent()) {
                a = hawk.authenticate(request, authorization.get(),
                        Optional.of(new HawkAuthenticator.Payload(raw.header().apply("Content-Type").orElse(""), raw.body())));
            } else if (Bewit.present(raw.resource())) {
                a = hawk.authenticateBewit(request);
            } else {
                throw ApiError.authenticationFailed("This test endpoint needs the credentials of the client tester");
            }
            return new Principal(Optional.of(a.clientId()), a.scopes(), a.expires(), a.hash(), "hawk");
        } catch (HawkException e) {
            throw ApiError.authenticationFailed(e.getMessage());
        }
    }
}
