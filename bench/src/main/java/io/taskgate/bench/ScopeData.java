package io.taskgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgate.scopes.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for the scope benchmarks: Taskcluster's reference data and a generated 10,000-role set. */
final class ScopeData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScopeData() {}

    static JsonNode read(String file) {
        String configured = System.getProperty("taskgate.shared.dir", "../shared");
        Path path = Path.of(configured, "data", "taskcluster", file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("reference data not found at " + path.toAbsolutePath()
                    + "; run from the checkout with shared/ beside it, or set -Dtaskgate.shared.dir");
        }
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 600 production roles; the three without a roleId load as "undefined", as Taskcluster's test does. */
    static List<Role> productionRoles() {
        List<Role> roles = new ArrayList<>();
        for (JsonNode role : read("roles.json")) {
            roles.add(new Role(role.has("roleId") ? role.get("roleId").asText() : "undefined", strings(role.get("scopes"))));
        }
        return roles;
    }

    /** The scopes of each of the 361 real clients. */
    static List<List<String>> clientScopes() {
        List<List<String>> clients = new ArrayList<>();
        for (JsonNode c : read("expected-expansions.json").get("clients")) {
            clients.add(strings(c.get("input")));
        }
        return clients;
    }

    /** The roles of the named synthetic vector ("chain of 1500 roles", "tree of 4x4 roles"). */
    static List<Role> synthetic(String name) {
        for (JsonNode v : read("expected-expansions.json").get("synthetic")) {
            if (v.get("name").asText().equals(name)) {
                List<Role> roles = new ArrayList<>();
                for (JsonNode r : v.get("roles")) {
                    roles.add(new Role(r.get("role_id").asText(), strings(r.get("scopes"))));
                }
                return roles;
            }
        }
        throw new IllegalArgumentException("no synthetic vector " + name);
    }

    /**
     * 10,000 roles shaped like a large installation: plain roles in 50 groups that assume later
     * roles (a deep DAG), one in ten a star role with parameterized scopes, and some starred edges.
     */
    static List<Role> generatedRoles(int count, long seed) {
        Random random = new Random(seed);
        List<Role> roles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int group = i % 50;
            List<String> scopes = new ArrayList<>();
            if (i % 10 == 0) {
                scopes.add("secrets:get:team/" + group + "/" + i + "/<..>");
                scopes.add("queue:route:index.team-" + i + ".<..>.*");
                scopes.add("queue:create-task:highest:team-" + i + "/*");
                if (i + 10 < count) {
                    scopes.add("assume:gen:" + ((i + 10) % 50) + "/" + (i + 10) + "/<..>");
                }
                roles.add(new Role("team:" + group + "/" + i + "/*", scopes));
                continue;
            }
            int own = 3 + random.nextInt(6);
            for (int s = 0; s < own; s++) {
                scopes.add(switch (s % 4) {
                    case 0 -> "queue:create-task:low:proj-" + group + "/w" + random.nextInt(40);
                    case 1 -> "secrets:get:proj/" + group + "/" + i + "/s" + s;
                    case 2 -> "index:insert-task:proj." + group + "." + random.nextInt(100) + ".*";
                    default -> "queue:route:notify.email." + random.nextInt(500) + "@example.com.*";
                });
            }
            int edges = random.nextInt(3);
            for (int e = 0; e < edges; e++) {
                int j = i + 1 + random.nextInt(200);
                if (j < count && j % 10 != 0) {
                    scopes.add("assume:gen:" + (j % 50) + "/" + j);
                }
            }
            int team = (i / 10 + 1) * 10;
            if (random.nextInt(8) == 0 && team < count) {
                scopes.add("assume:team:" + (team % 50) + "/" + team + "/" + (random.nextBoolean() ? "ops" : "dev*"));
            }
            roles.add(new Role("gen:" + group + "/" + i, scopes));
        }
        return roles;
    }

    /** Client-like inputs for the generated roles: a few assume scopes and some plain ones. */
    static List<List<String>> generatedInputs(int count, int roles, long seed) {
        Random random = new Random(seed);
        List<List<String>> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<String> scopes = new ArrayList<>();
            int n = 1 + random.nextInt(5);
            for (int k = 0; k < n; k++) {
                int r = random.nextInt(roles);
                scopes.add(r % 10 == 0
                        ? "assume:team:" + (r % 50) + "/" + r + "/member-" + random.nextInt(100)
                        : "assume:gen:" + (r % 50) + "/" + r);
            }
            scopes.add("queue:create-task:low:client-" + i + "/*");
            inputs.add(scopes);
        }
        return inputs;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
