package io.taskgate.server.oauth;

import java.time.Instant;
import java.util.Optional;

/** Where authorization codes wait to be redeemed, by the hash of the code. */
public interface AuthorizationCodeStore {

    /** What redeeming a code found. */
    sealed interface Redemption permits First, Replayed, Unknown {}

    /** The code's first redemption: it is now used, and this caller alone has it. */
    record First(AuthorizationCode code) implements Redemption {}

    /** The code was redeemed before, and made {@code issuedClient} if that went through. */
    record Replayed(String appId, Optional<String> issuedClient) implements Redemption {}

    /** No such code, or one forgotten long after it expired. */
    record Unknown() implements Redemption {}

    /** Saves a new code, and forgets codes that expired before {@code forgetBefore}. */
    void save(String codeHash, AuthorizationCode code, Instant forgetBefore);

    /** Marks the code used as one atomic step, so that of two redeemers at once only one gets {@link First}. */
    Redemption redeem(String codeHash, Instant now);

    /** Notes the client made from a redeemed code, to revoke it should the code come back. */
    void issued(String codeHash, String clientId);
}
