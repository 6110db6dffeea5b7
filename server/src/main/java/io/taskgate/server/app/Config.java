package io.taskgate.server.app;

import io.taskgate.server.identity.StaticClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the server is configured with, read once at start from the command line and the
 * environment, and checked there with messages that say how to fix a bad value.
 */
public record Config(String host, int port, Path dataDir, String publicUrl, List<StaticClients.Definition> staticClients,
        Optional<String> masterKey) {

    /**
     * Builds the configuration from {@code serve}'s options and the environment:
     * {@code TASKGATE_PUBLIC_URL}, {@code TASKGATE_STATIC_CLIENTS} and {@code TASKGATE_MASTER_KEY}.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public static Config of(String host, int port, Path dataDir, Map<String, String> env) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535");
        }
        String publicUrl = Optional.ofNullable(env.get("TASKGATE_PUBLIC_URL")).filter(s -> !s.isBlank())
                .orElse("http://localhost:" + port);
        if (!publicUrl.matches("https?://[^/?#]+")) {
            throw new IllegalArgumentException("TASKGATE_PUBLIC_URL must be http(s)://host[:port] with no path, as clients use it as rootUrl");
        }
        List<StaticClients.Definition> statics = Optional.ofNullable(env.get("TASKGATE_STATIC_CLIENTS"))
                .filter(s -> !s.isBlank()).map(StaticClients::parse).orElse(List.of());
        return new Config(host, port, dataDir, publicUrl, statics,
                Optional.ofNullable(env.get("TASKGATE_MASTER_KEY")).filter(s -> !s.isBlank()));
    }

    @Override
    public String toString() {
        return "Config[" + host + ":" + port + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl + ", staticClients="
                + staticClients.size() + ", masterKey=" + (masterKey.isPresent() ? "(from environment)" : "(from file)") + "]";
    }
}
