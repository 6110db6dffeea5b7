package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code taskgate rotate-keys} beside a running server: the new key is accepted at once and signs after the reread. */
class RotateKeysCommandTest {

    private static final String CLIENT = "static/robot";
    private static final String SECRET = "robot-client-secret-eeeeeeeeeeeeeeeeeeeeeeeee";

    @TempDir
    Path dir;

    @Test
    void rotateKeys_publishesANewKey_whileTokensFromTheOldOneKeepWorking() throws Exception {
        try (TestServer server = new TestServer(dir, "[{\"clientId\":\"" + CLIENT + "\",\"accessToken\":\"" + SECRET
                + "\",\"scopes\":[\"auth:current-scopes\"]}]")) {
            String before = server.accessToken(CLIENT, SECRET, "");
            String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new java.io.PrintWriter(out, true));
            PrintStream stdout = System.out;
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                code = cli.execute("rotate-keys", "--data-dir", dir.toString());
            } finally {
                System.setOut(stdout);
            }
            assertThat(code).isZero();
            String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
            String printed = lines[lines.length - 1]; // the log may precede it on the same stream
            assertThat(printed).startsWith("New ES256 signing key ");
            String newKid = printed.substring("New ES256 signing key ".length()).split("\\.", 2)[0];
            assertThat(newKid).isNotEqualTo(oldKid);

            server.taskgate.keys().reload(); // what the scheduled reread does within a minute
            String after = server.accessToken(CLIENT, SECRET, "");
            assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
            assertThat(server.sendBearer("GET", "/oauth/jwks", null, null).body().get("keys").findValuesAsText("kid"))
                    .containsExactlyInAnyOrder(oldKid, newKid);
            assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, before).status()).isEqualTo(200);
            assertThat(server.sendBearer("GET", "/api/auth/v1/scopes/current", null, after).status()).isEqualTo(200);
        }
    }
}
