package io.taskgate.server.login;

import static io.taskgate.server.login.LdapTestServer.ALICE_DN;
import static io.taskgate.server.login.LdapTestServer.ALICE_PASSWORD;
import static io.taskgate.server.login.LdapTestServer.ANA_PASSWORD;
import static io.taskgate.server.login.LdapTestServer.BOB_PASSWORD;
import static io.taskgate.server.login.LdapTestServer.GROUPS;
import static io.taskgate.server.login.LdapTestServer.PEOPLE;
import static io.taskgate.server.login.LdapTestServer.ROBOT_DN;
import static io.taskgate.server.login.LdapTestServer.ROBOT_PASSWORD;
import static io.taskgate.server.login.LdapTestServer.SMITH_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LdapDirectoryTest {

    private LdapTestServer ldap;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ldap = new LdapTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        ldap.close();
    }

    private LdapDirectory directory(String json) {
        LdapDirectory d = new LdapDirectory(LdapSettings.parse(json));
        open.add(d);
        return d;
    }

    private LdapDirectory template() {
        return directory(ldap.templateJson(""));
    }

    private LdapDirectory search() {
        return directory(ldap.searchJson(""));
    }

    private LdapDirectory groupSearch() {
        return directory(ldap.searchJson(",\"groupSource\":\"search\",\"groupSearchBase\":\"" + GROUPS + "\""));
    }

    @Test
    void template_correctPassword_givesIdentityWithMemberOfGroups() {
        LoginIdentity alice = template().authenticate("alice", ALICE_PASSWORD).orElseThrow();

        assertThat(alice).isEqualTo(new LoginIdentity("ldap", "alice", List.of("devs", "ops")));
        assertThat(alice.identity()).isEqualTo("ldap/alice");
        assertThat(alice.scopes()).containsExactly("assume:login-identity:ldap/alice", "assume:group:ldap/devs", "assume:group:ldap/ops");
        assertThat(ldap.binds).contains(ALICE_DN);
    }

    @Test
    void search_correctPassword_givesIdentityWithMemberOfGroups() {
        LoginIdentity alice = search().authenticate("alice", ALICE_PASSWORD).orElseThrow();

        assertThat(alice).isEqualTo(new LoginIdentity("ldap", "alice", List.of("devs", "ops")));
        assertThat(ldap.binds).contains(LdapTestServer.SERVICE_DN, ALICE_DN);
    }

    @Test
    void groupSearch_givesTheGroupsWhoseMemberIsTheUser() {
        LdapDirectory d = groupSearch();

        assertThat(d.authenticate("alice", ALICE_PASSWORD).orElseThrow().groups()).containsExactly("devs", "ops");
        assertThat(d.authenticate("smith, j", SMITH_PASSWORD).orElseThrow().groups()).containsExactly("ops");
        assertThat(d.authenticate("bob", BOB_PASSWORD).orElseThrow().groups()).isEmpty();
    }

    @Test
    void groupSearch_inTemplateModeWithoutServiceAccount_readsGroupsAsTheUser() {
        LdapDirectory d = directory(ldap.templateJson(",\"groupSource\":\"search\",\"groupSearchBase\":\"" + GROUPS + "\""));

        assertThat(d.authenticate("ana maría", ANA_PASSWORD).orElseThrow().groups()).containsExactly("devs");
    }

    @Test
    void configuredName_isTheProvider() {
        LoginIdentity alice = directory(ldap.templateJson(",\"name\":\"corp\"")).authenticate("alice", ALICE_PASSWORD).orElseThrow();

        assertThat(alice.identity()).isEqualTo("corp/alice");
        assertThat(alice.scopes()).contains("assume:group:corp/ops");
    }

    @Test
    void wrongPassword_isEmpty_inBothModes() {
        assertThat(template().authenticate("alice", "not-" + ALICE_PASSWORD)).isEmpty();
        assertThat(search().authenticate("alice", "not-" + ALICE_PASSWORD)).isEmpty();
        assertThat(groupSearch().authenticate("alice", BOB_PASSWORD)).isEmpty();
    }

    @Test
    void unknownUser_isEmpty_inBothModes() {
        assertThat(template().authenticate("mallory", "whatever-1")).isEmpty();
        assertThat(search().authenticate("mallory", "whatever-1")).isEmpty();
    }

    @Test
    void emptyPassword_isRefusedBeforeAnyBind_thoughThisServerWouldLetItIn() throws Exception {
        // The premise: this server, like some real ones, takes a DN with an empty password as a successful bind.
        LDAPConnectionOptions lax = new LDAPConnectionOptions();
        lax.setBindWithDNRequiresPassword(false);
        try (LDAPConnection raw = new LDAPConnection(lax, "127.0.0.1", ldap.port())) {
            assertThat(raw.bind(ALICE_DN, "").getResultCode()).isEqualTo(ResultCode.SUCCESS);
        }
        ldap.binds.clear();

        assertThat(template().authenticate("alice", "")).isEmpty();
        assertThat(search().authenticate("alice", "")).isEmpty();
        assertThat(template().authenticate("alice", null)).isEmpty();

        assertThat(ldap.binds).doesNotContain(ALICE_DN);
    }

    @Test
    void blankOrOverlongUsername_isEmpty_andNeverReachesTheDirectory() {
        LdapDirectory t = template();
        LdapDirectory s = search();
        String overlong = "a".repeat(LdapDirectory.MAX_USERNAME + 1);

        for (String name : new String[] {"", "   ", null, overlong}) {
            assertThat(t.authenticate(name, "some-password")).isEmpty();
            assertThat(s.authenticate(name, "some-password")).isEmpty();
            assertThat(s.lookup(name)).isEmpty();
            assertThat(t.lookup(name)).isEmpty();
        }
        assertThat(ldap.binds).isEmpty();
        assertThat(ldap.searches).isEmpty();
    }

    @Test
    void longestAllowedUsername_isAskedFor() {
        assertThat(search().authenticate("a".repeat(LdapDirectory.MAX_USERNAME), "some-password")).isEmpty();

        assertThat(ldap.searches).anyMatch(f -> f.contains("a".repeat(LdapDirectory.MAX_USERNAME)));
    }

    @Test
    void filterInjection_findsNobody() {
        LdapDirectory s = search();

        // Unescaped, "ali*" would match alice and her password would sign in an "ali*".
        assertThat(s.authenticate("ali*", ALICE_PASSWORD)).isEmpty();
        assertThat(s.authenticate("*", ALICE_PASSWORD)).isEmpty();
        assertThat(s.authenticate("*)(uid=*", ALICE_PASSWORD)).isEmpty();
        assertThat(s.authenticate("alice)(|(uid=*", ALICE_PASSWORD)).isEmpty();
        assertThat(s.lookup("*")).isEmpty();
        assertThat(s.lookup("*)(uid=*")).isEmpty();

        assertThat(ldap.searches).contains("(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a))");
        assertThat(ldap.binds).doesNotContain(ALICE_DN);
    }

    @Test
    void groupSearchFilter_escapesTheUserDn() {
        // smith's DN holds a comma and a backslash escape; the group filter must carry it as one value.
        groupSearch().authenticate("smith, j", SMITH_PASSWORD).orElseThrow();

        assertThat(ldap.searches).anyMatch(f -> f.startsWith("(member=uid=smith\\5c, j,"));
    }

    @Test
    void dnInjection_cannotReachAnotherEntry() throws Exception {
        // The robot's DN is uid=svc,ou=robots,ou=people,…: spliced into the template as text,
        // "svc,ou=robots" would bind there with the robot's password.
        try (LDAPConnection raw = new LDAPConnection("127.0.0.1", ldap.port())) {
            assertThat(raw.bind(ROBOT_DN, ROBOT_PASSWORD).getResultCode()).isEqualTo(ResultCode.SUCCESS);
        }
        ldap.binds.clear();
        LdapDirectory t = template();

        assertThat(t.authenticate("svc,ou=robots", ROBOT_PASSWORD)).isEmpty();
        assertThat(t.authenticate("alice,ou=x", ALICE_PASSWORD)).isEmpty();
        assertThat(t.authenticate("alice+cn=alice", ALICE_PASSWORD)).isEmpty();
        assertThat(t.lookup("svc,ou=robots")).isEmpty();

        assertThat(ldap.binds).containsExactly("uid=svc\\,ou=robots," + PEOPLE, "uid=alice\\,ou=x," + PEOPLE,
                "uid=alice\\+cn=alice," + PEOPLE);
    }

    @Test
    void usernameWithDnSpecialCharacters_signsIn_andIsEncodedInTheIdentity() {
        LoginIdentity smith = template().authenticate("smith, j", SMITH_PASSWORD).orElseThrow();

        assertThat(smith.name()).isEqualTo("smith, j");
        assertThat(smith.groups()).containsExactly("ops");
        assertThat(smith.identity()).isEqualTo("ldap/smith!2C!20j");
    }

    @Test
    void usernameWithNonAsciiCharacters_signsIn_andIsEncodedInTheIdentity() {
        LoginIdentity ana = search().authenticate("ana maría", ANA_PASSWORD).orElseThrow();

        assertThat(ana.name()).isEqualTo("ana maría");
        assertThat(ana.identity()).isEqualTo("ldap/ana!20mar!C3!ADa");
        assertThat(ana.scopes()).contains("assume:group:ldap/devs");
    }

    @Test
    void nameIsSpelledAsTheDirectorySpellsIt_whateverCaseWasTyped() {
        assertThat(template().authenticate("ALICE", ALICE_PASSWORD).orElseThrow().identity()).isEqualTo("ldap/alice");
        assertThat(search().authenticate("Alice", ALICE_PASSWORD).orElseThrow().identity()).isEqualTo("ldap/alice");
        assertThat(search().lookup("ALICE").orElseThrow().name()).isEqualTo("alice");
    }

    @Test
    void signInByMail_namesTheUserByUid_whichLookupFindsAgain() {
        LdapDirectory d = directory(ldap.searchJson("").replace("(uid={username})", "(|(uid={username})(mail={username}))"));

        LoginIdentity alice = d.authenticate("alice@example.org", ALICE_PASSWORD).orElseThrow();

        assertThat(alice.name()).isEqualTo("alice");
        assertThat(d.lookup(alice.name())).contains(alice);
    }

    @Test
    void lookup_givesCurrentGroups_andEmptyOnceTheUserIsRemoved() throws Exception {
        LdapDirectory anonymousTemplate = template();
        LdapDirectory serviceTemplate = directory(ldap.templateJson(",\"bindDn\":\"" + LdapTestServer.SERVICE_DN
                + "\",\"bindPassword\":\"" + LdapTestServer.SERVICE_PASSWORD + "\""));
        LdapDirectory s = search();
        LdapDirectory g = groupSearch();
        for (LdapDirectory d : List.of(anonymousTemplate, serviceTemplate, s, g)) {
            assertThat(d.lookup("alice")).contains(new LoginIdentity("ldap", "alice", List.of("devs", "ops")));
        }

        ldap.server.modify(ALICE_DN, new Modification(ModificationType.DELETE, "memberOf", "cn=devs," + GROUPS));
        ldap.server.modify("cn=devs," + GROUPS, new Modification(ModificationType.DELETE, "member", ALICE_DN));
        for (LdapDirectory d : List.of(anonymousTemplate, serviceTemplate, s, g)) {
            assertThat(d.lookup("alice").orElseThrow().groups()).containsExactly("ops");
        }

        ldap.server.delete(ALICE_DN);
        for (LdapDirectory d : List.of(anonymousTemplate, serviceTemplate, s, g)) {
            assertThat(d.lookup("alice")).isEmpty();
            assertThat(d.authenticate("alice", ALICE_PASSWORD)).isEmpty();
        }
    }

    @Test
    void lookup_usesNoUserPassword_onlyTheServiceAccount() {
        search().lookup("bob").orElseThrow();

        assertThat(ldap.binds).containsOnly(LdapTestServer.SERVICE_DN);
    }

    @Test
    void serverDown_isUnavailable_notAWrongPassword() {
        LdapDirectory t = template();
        LdapDirectory s = search();
        assertThat(s.lookup("alice")).isPresent(); // a pooled connection exists, and goes stale
        String url = ldap.url();

        ldap.close();

        assertThatThrownBy(() -> t.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class)
                .hasMessageContaining(url).hasMessageNotContaining(ALICE_PASSWORD);
        assertThatThrownBy(() -> s.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class)
                .hasMessageNotContaining(ALICE_PASSWORD).hasMessageNotContaining(LdapTestServer.SERVICE_PASSWORD);
        assertThatThrownBy(() -> s.lookup("alice")).isInstanceOf(LdapDirectory.Unavailable.class);
        assertThatThrownBy(() -> t.lookup("alice")).isInstanceOf(LdapDirectory.Unavailable.class);
    }

    @Test
    void directoryDownAtStart_isNoErrorUntilAsked() {
        String json = ldap.searchJson("");
        ldap.close();

        LdapDirectory s = directory(json);

        assertThatThrownBy(() -> s.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);
    }

    @Test
    void wrongServiceAccountPassword_isUnavailable_notAWrongUserPassword() {
        LdapDirectory s = directory(ldap.searchJson("").replace(LdapTestServer.SERVICE_PASSWORD, "not-the-service-password"));

        assertThatThrownBy(() -> s.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class)
                .hasMessageContaining("invalid credentials").hasMessageNotContaining("not-the-service-password");
        assertThatThrownBy(() -> s.lookup("alice")).isInstanceOf(LdapDirectory.Unavailable.class);
    }

    @Test
    void silentServer_timesOut_asUnavailable() throws Exception {
        // Accepts connections and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String url = "ldap://127.0.0.1:" + silent.getLocalPort();
            String timeouts = ",\"responseTimeoutSeconds\":1,\"connectTimeoutSeconds\":1";
            LdapDirectory t = directory(ldap.templateJson(timeouts).replace(ldap.url(), url));
            LdapDirectory s = directory(ldap.searchJson(timeouts).replace(ldap.url(), url));

            long start = System.nanoTime();
            assertThatThrownBy(() -> t.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);
            assertThatThrownBy(() -> s.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);
            assertThatThrownBy(() -> t.lookup("alice")).isInstanceOf(LdapDirectory.Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));

            silent.close();
            acceptor.join();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
