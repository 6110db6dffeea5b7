package io.taskgate.server.login;

import static io.taskgate.server.login.LdapTestServer.ALICE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ldaps and StartTLS against the in-memory server with self-signed certificates made for the test. */
class LdapTlsTest {

    private static final String PIN = "keystore-pin";
    private static final String ALIAS = "server";

    @TempDir
    static Path dir;
    /**
     * Names localhost, the host the tests connect to. Not 127.0.0.1: UnboundID's host name check
     * passes any certificate on a numeric loopback address, and these tests need the check to run.
     */
    private static Path rightHost;
    /** Names only elsewhere.example. */
    private static Path wrongHost;

    @BeforeAll
    static void certificates() throws Exception {
        rightHost = certificate("right.p12", "--subject-alternative-name-dns", "localhost");
        wrongHost = certificate("wrong.p12", "--subject-alternative-name-dns", "elsewhere.example");
    }

    private static Path certificate(String file, String sanOption, String san) {
        Path keystore = dir.resolve(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(InputStream.nullInputStream(), out, out, "generate-self-signed-certificate",
                "--keystore", keystore.toString(), "--keystore-password", PIN, "--keystore-type", "PKCS12", "--alias", ALIAS,
                "--subject-dn", "CN=Taskgate LDAP test", sanOption, san, "--key-algorithm", "EC", "--key-size-bits", "256",
                "--signature-algorithm", "SHA256withECDSA", "--days-valid", "2");
        assertThat(rc).as(out.toString()).isEqualTo(ResultCode.SUCCESS);
        return keystore;
    }

    private static SSLUtil serverTls(Path keystore) throws Exception {
        return new SSLUtil(new KeyStoreKeyManager(keystore.toFile(), PIN.toCharArray(), "PKCS12", ALIAS), new TrustAllTrustManager());
    }

    private static LdapTestServer ldapsServer(Path keystore) throws Exception {
        return new LdapTestServer(InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getLoopbackAddress(), 0,
                serverTls(keystore).createSSLServerSocketFactory(), null));
    }

    private static LdapTestServer startTlsServer(Path keystore) throws Exception {
        return new LdapTestServer(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
                serverTls(keystore).createSSLSocketFactory()));
    }

    /** A client context that trusts only the certificate in {@code keystore}, as an operator's trust store would. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, PIN.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, server.getCertificate(ALIAS));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private static String ldaps(LdapTestServer ldap, String json) {
        return json.replace(ldap.url(), "ldaps://localhost:" + ldap.port());
    }

    private static String startTls(LdapTestServer ldap, String json) {
        return "{\"startTls\":true," + json.replace(ldap.url(), "ldap://localhost:" + ldap.port()).substring(1);
    }

    @Test
    void ldaps_withATrustedCertificateForTheHost_signsIn() throws Exception {
        try (LdapTestServer ldap = ldapsServer(rightHost);
                LdapDirectory search = new LdapDirectory(LdapSettings.parse(ldaps(ldap, ldap.searchJson(""))), trusting(rightHost));
                LdapDirectory template = new LdapDirectory(LdapSettings.parse(ldaps(ldap, ldap.templateJson(""))), trusting(rightHost))) {
            assertThat(search.authenticate("alice", ALICE_PASSWORD).orElseThrow().groups()).containsExactly("devs", "ops");
            assertThat(template.authenticate("alice", ALICE_PASSWORD)).isPresent();
            assertThat(template.authenticate("alice", "wrong-password")).isEmpty();
            assertThat(search.lookup("alice")).isPresent();
        }
    }

    @Test
    void startTls_withATrustedCertificateForTheHost_signsIn() throws Exception {
        try (LdapTestServer ldap = startTlsServer(rightHost);
                LdapDirectory search = new LdapDirectory(LdapSettings.parse(startTls(ldap, ldap.searchJson(""))), trusting(rightHost));
                LdapDirectory template = new LdapDirectory(LdapSettings.parse(startTls(ldap, ldap.templateJson(""))), trusting(rightHost))) {
            assertThat(search.authenticate("alice", ALICE_PASSWORD).orElseThrow().groups()).containsExactly("devs", "ops");
            assertThat(template.authenticate("alice", ALICE_PASSWORD)).isPresent();
            assertThat(template.authenticate("alice", "wrong-password")).isEmpty();
        }
    }

    @Test
    void startTls_refusedByTheServer_isUnavailable_andNoPasswordIsSentInTheClear() throws Exception {
        try (LdapTestServer ldap = new LdapTestServer();
                LdapDirectory search = new LdapDirectory(LdapSettings.parse(startTls(ldap, ldap.searchJson(""))), trusting(rightHost));
                LdapDirectory template = new LdapDirectory(LdapSettings.parse(startTls(ldap, ldap.templateJson(""))), trusting(rightHost))) {
            assertThatThrownBy(() -> search.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);
            assertThatThrownBy(() -> template.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);

            assertThat(ldap.binds).isEmpty();
        }
    }

    @Test
    void ldaps_certificateTheJvmDoesNotTrust_isUnavailable() throws Exception {
        try (LdapTestServer ldap = ldapsServer(rightHost);
                LdapDirectory template = new LdapDirectory(LdapSettings.parse(ldaps(ldap, ldap.templateJson(""))))) {
            assertThatThrownBy(() -> template.authenticate("alice", ALICE_PASSWORD)).isInstanceOf(LdapDirectory.Unavailable.class);
            assertThat(ldap.binds).isEmpty();
        }
    }

    @Test
    void certificateForAnotherHost_isUnavailable_andNoPasswordIsSent() throws Exception {
        try (LdapTestServer ldaps = ldapsServer(wrongHost); LdapTestServer plain = startTlsServer(wrongHost)) {
            List<String> admitted = new ArrayList<>();
            for (String json : List.of(ldaps(ldaps, ldaps.templateJson("")), ldaps(ldaps, ldaps.searchJson("")),
                    startTls(plain, plain.templateJson("")), startTls(plain, plain.searchJson("")))) {
                try (LdapDirectory d = new LdapDirectory(LdapSettings.parse(json), trusting(wrongHost))) {
                    d.authenticate("alice", ALICE_PASSWORD);
                    admitted.add(json);
                } catch (LdapDirectory.Unavailable expected) {
                    // the certificate names another host
                }
            }
            assertThat(admitted).isEmpty();
            assertThat(ldaps.binds).isEmpty();
            assertThat(plain.binds).isEmpty();
        }
    }
}
