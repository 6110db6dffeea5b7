package io.taskgate.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code openid-client} and {@code jose}, run once per grant through {@code oidc.mjs}. */
final class OidcScript {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What one run printed, and whether it exited cleanly; {@code json} holds {@code error} when it did not. */
    record Result(int exitCode, JsonNode json) {

        boolean ok() {
            return exitCode == 0 && !json.has("error");
        }
    }

    private final Path outputDir;

    /** @param outputDir where each run's stdout goes: a file never fills up as a pipe can */
    OidcScript(Path outputDir) {
        if (!Files.isDirectory(Path.of("node_modules", "openid-client")) || !Files.isDirectory(Path.of("node_modules", "jose"))) {
            throw new IllegalStateException("interop/node_modules lacks openid-client or jose: run `npm ci` in interop/ (bin/test does)");
        }
        this.outputDir = outputDir;
    }

    /** Runs discovery, the grant and verification with {@code input} as the script documents it. */
    Result run(Map<String, ?> input) throws IOException, InterruptedException {
        Path out = Files.createTempFile(outputDir, "oidc-", ".json");
        Process process = new ProcessBuilder("node", "oidc.mjs")
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        // On stdin rather than argv, so the client secret never shows in a process listing.
        try (OutputStream in = process.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("oidc.mjs did not finish within " + TIMEOUT + " for " + input.keySet());
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8).strip();
        if (printed.isEmpty()) {
            throw new AssertionError("oidc.mjs printed nothing and exited with " + process.exitValue());
        }
        return new Result(process.exitValue(), JSON.readTree(printed));
    }
}
