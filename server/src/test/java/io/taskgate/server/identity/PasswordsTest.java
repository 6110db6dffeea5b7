package io.taskgate.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.server.authn.PasswordCheckProbe;
import org.junit.jupiter.api.Test;

/** Argon2id at OWASP's parameters: hashes verify, wrong passwords and malformed hashes do not. */
class PasswordsTest {

    private final Passwords passwords = new Passwords();

    @Test
    void aHash_isArgon2idAtOwaspsParameters_saltedAfresh_andVerifies() {
        String hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(passwords.hash("correct horse battery")).isNotEqualTo(hash);
        assertThat(passwords.verify("correct horse battery", hash)).isTrue();
        assertThat(passwords.verify("correct horse batterY", hash)).isFalse();
        assertThat(passwords.verify("anything", "not a hash")).isFalse();
    }

    @Test
    void whenEverySlotStaysTaken_aCheckGivesUpAsBusy() {
        Passwords none = new Passwords(0, java.time.Duration.ofMillis(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> none.verify("x", passwords.hash("x"))).isInstanceOf(Passwords.Busy.class)
                .hasMessage("Too many password checks at once; try again shortly");
    }

    @Test
    void theUnknownUsersHash_costsWhatARealOneCosts() {
        String real = passwords.hash("x");
        String dummy = PasswordCheckProbe.dummyHash();
        String parameters = real.substring(0, real.indexOf('$', real.indexOf("p=")) + 1); // "$argon2id$v=19$m=…,t=…,p=…$"
        assertThat(dummy).startsWith(parameters);
        assertThat(passwords.verify("whatever", dummy)).isFalse();
    }
}
