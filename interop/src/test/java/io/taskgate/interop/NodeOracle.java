package io.taskgate.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real npm packages, driven through {@code oracle.js}: one JSON request and one JSON reply per line. */
final class NodeOracle implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    NodeOracle() throws IOException {
        if (!Files.isDirectory(Path.of("node_modules", "taskcluster-client"))) {
            throw new IllegalStateException("interop/node_modules is missing: run `npm ci` in interop/ (bin/test does)");
        }
        process = new ProcessBuilder("node", "oracle.js").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Credentials as taskcluster-client takes them; {@code certificate} may be null. */
    static Map<String, Object> creds(String clientId, String accessToken, String certificate) {
        Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("clientId", clientId);
        c.put("accessToken", accessToken);
        if (certificate != null) {
            c.put("certificate", certificate);
        }
        return c;
    }

    /** Runs one operation of oracle.js and returns its result; its error fails the test. */
    JsonNode call(String op, Map<String, ?> args) throws IOException {
        Map<String, Object> request = new java.util.LinkedHashMap<>(args);
        request.put("op", op);
        in.write(JSON.writeValueAsString(request) + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("oracle.js exited");
        }
        JsonNode reply = JSON.readTree(line);
        if (reply.has("error")) {
            throw new AssertionError("oracle.js " + op + " failed: " + reply.get("error").asText());
        }
        return reply.get("result");
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
