package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity strings as spec/login.md gives them: Taskcluster's {@code !XX} encoding and the identity's scopes. */
class LoginIdentityTest {

    @Test
    void safeCharacters_stayAsTheyAre() {
        assertThat(LoginIdentity.encode("Ada.Lovelace+x@example.org|a_b-c:9")).isEqualTo("Ada.Lovelace+x@example.org|a_b-c:9");
    }

    @Test
    void theBang_isAlwaysEncoded_soDecodingIsUnambiguous() {
        assertThat(LoginIdentity.encode("wow!")).isEqualTo("wow!21");
        assertThat(LoginIdentity.decode("wow!21")).isEqualTo("wow!");
    }

    @Test
    void otherCharacters_becomeUpperCaseHexPerUtf8Byte() {
        assertThat(LoginIdentity.encode("a/b c")).isEqualTo("a!2Fb!20c");
        assertThat(LoginIdentity.encode("*")).isEqualTo("!2A");
        assertThat(LoginIdentity.encode("josé")).isEqualTo("jos!C3!A9");
        assertThat(LoginIdentity.encode("\n")).isEqualTo("!0A");
        for (String s : List.of("a/b c", "josé", "!!", "Ünïcødé ☃", "x!2Fy")) {
            assertThat(LoginIdentity.decode(LoginIdentity.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void anIdentity_isProviderSlashEncodedName_andNeverHoldsASlashOfItsOwn() {
        LoginIdentity who = new LoginIdentity("ldap", "smith, j/ops", List.of());
        assertThat(who.identity()).isEqualTo("ldap/smith,!20j!2Fops".replace(",", "!2C"));
        assertThat(who.identity().chars().filter(c -> c == '/').count()).isEqualTo(1);
    }

    @Test
    void localGroups_areTaskgatesOwn_outsideGroups_carryTheirSource() {
        assertThat(new LoginIdentity("local", "ada", List.of("staff")).scopes())
                .containsExactly("assume:login-identity:local/ada", "assume:group:staff");
        assertThat(new LoginIdentity("corp", "ada@example.org", List.of("staff", "*", "a b")).scopes())
                .containsExactly("assume:login-identity:corp/ada@example.org", "assume:group:corp/staff", "assume:group:corp/!2A",
                        "assume:group:corp/a!20b");
    }

    @Test
    void badProvidersAndEmptyNames_areRefused() {
        assertThatThrownBy(() -> new LoginIdentity("Corp", "x", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginIdentity("a/b", "x", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginIdentity("corp", "", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
