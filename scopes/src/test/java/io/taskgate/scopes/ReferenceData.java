package io.taskgate.scopes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the Taskcluster reference data in {@code shared/data/taskcluster}. */
final class ReferenceData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceData() {}

    static Path dir() {
        String configured = System.getProperty("taskgate.shared.dir");
        Path base = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path dir = base.resolve("data").resolve("taskcluster");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("reference data not found at " + dir.toAbsolutePath()
                    + "; the shared/ folder must sit beside the checkout");
        }
        return dir;
    }

    static JsonNode read(String file) {
        try {
            return JSON.readTree(dir().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The production role snapshot; roles without a roleId become "undefined", as Taskcluster's test loads them. */
    static List<Role> productionRoles() {
        List<Role> roles = new ArrayList<>();
        for (JsonNode role : read("roles.json")) {
            String id = role.has("roleId") ? role.get("roleId").asText() : "undefined";
            roles.add(new Role(id, strings(role.get("scopes"))));
        }
        return roles;
    }

    /** Roles in the synthetic vectors, which use Taskcluster's {@code role_id} field. */
    static List<Role> syntheticRoles(JsonNode vector) {
        List<Role> roles = new ArrayList<>();
        for (JsonNode role : vector.get("roles")) {
            roles.add(new Role(role.get("role_id").asText(), strings(role.get("scopes"))));
        }
        return roles;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
