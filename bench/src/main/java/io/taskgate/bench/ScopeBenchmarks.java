package io.taskgate.bench;

import io.taskgate.scopes.Role;
import io.taskgate.scopes.RoleResolver;
import io.taskgate.scopes.ScopeExpression;
import io.taskgate.scopes.ScopeSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The scope workloads of the Scopes issue, uncached: nothing is memoized between invocations
 * except what {@link RoleResolver#build} itself precomputes, and build time is measured too.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScopeBenchmarks {

    static final int GENERATED_ROLES = 10_000;

    /** Taskcluster's production snapshot. */
    @State(Scope.Benchmark)
    public static class Production {
        List<Role> roles;
        RoleResolver resolver;
        List<List<String>> clients;
        List<String> heaviest;

        @Setup
        public void load() {
            roles = ScopeData.productionRoles();
            resolver = RoleResolver.build(roles);
            clients = ScopeData.clientScopes();
            heaviest = clients.stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        }
    }

    /** The synthetic chain and tree from Taskcluster's test suite. */
    @State(Scope.Benchmark)
    public static class Synthetic {
        List<Role> chain;
        List<Role> tree;
        RoleResolver chainResolver;
        RoleResolver treeResolver;

        @Setup
        public void load() {
            chain = ScopeData.synthetic("chain of 1500 roles");
            tree = ScopeData.synthetic("tree of 4x4 roles");
            chainResolver = RoleResolver.build(chain);
            treeResolver = RoleResolver.build(tree);
        }
    }

    /** 10,000 generated roles and 1,000 client-like inputs, taken in turn. */
    @State(Scope.Benchmark)
    public static class Generated {
        List<Role> roles;
        RoleResolver resolver;
        List<List<String>> inputs;
        Role changed;
        int next;

        @Setup
        public void load() {
            roles = ScopeData.generatedRoles(GENERATED_ROLES, 42);
            resolver = RoleResolver.build(roles);
            inputs = ScopeData.generatedInputs(1000, GENERATED_ROLES, 43);
            Role middle = roles.get(GENERATED_ROLES / 2 + 1);
            List<String> scopes = new ArrayList<>(middle.scopes());
            scopes.add("secrets:get:changed");
            changed = new Role(middle.roleId(), scopes);
        }

        List<String> nextInput() {
            next = (next + 1) % inputs.size();
            return inputs.get(next);
        }
    }

    /** A 1,000-scope set and a 10-scope AllOf that it satisfies, so every part must be checked. */
    @State(Scope.Benchmark)
    public static class Satisfaction {
        ScopeSet held;
        ScopeExpression required;

        @Setup
        public void load() {
            List<String> scopes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                scopes.add("queue:create-task:highest:proj-" + i + "/*");
                scopes.add("secrets:get:project/team-" + i + "/token");
            }
            held = ScopeSet.of(scopes);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                parts.add(i % 2 == 0 ? "queue:create-task:highest:proj-" + (i * 47) + "/worker-" + i
                        : "secrets:get:project/team-" + (i * 43) + "/token");
            }
            required = ScopeExpression.allOf(parts.toArray(new String[0]));
            if (held.size() != 1000 || !required.satisfiedBy(held)) {
                throw new IllegalStateException("satisfaction fixture is wrong");
            }
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RoleResolver buildProduction(Production p) {
        return RoleResolver.build(p.roles);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void resolveAllClients(Production p, Blackhole bh) {
        for (List<String> client : p.clients) {
            bh.consume(p.resolver.resolve(client));
        }
    }

    @Benchmark
    public ScopeSet resolveHeaviestClient(Production p) {
        return p.resolver.resolve(p.heaviest);
    }

    @Benchmark
    public ScopeSet resolveRepoGithubStar(Production p) {
        return p.resolver.resolve("assume:repo:github.com/*");
    }

    @Benchmark
    public ScopeSet resolveMozillaUserStar(Production p) {
        return p.resolver.resolve("assume:mozilla-user:*");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RoleResolver buildChain1500(Synthetic s) {
        return RoleResolver.build(s.chain);
    }

    @Benchmark
    public ScopeSet resolveChain1500(Synthetic s) {
        return s.chainResolver.resolve("assume:ch-0");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RoleResolver buildTree4x4(Synthetic s) {
        return RoleResolver.build(s.tree);
    }

    @Benchmark
    public ScopeSet resolveTree4x4(Synthetic s) {
        return s.treeResolver.resolve("assume:t");
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RoleResolver buildGenerated10k(Generated g) {
        return RoleResolver.build(g.roles);
    }

    @Benchmark
    public ScopeSet resolveGenerated10k(Generated g) {
        return g.resolver.resolve(g.nextInput());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RoleResolver updateOneRoleOf10k(Generated g) {
        return g.resolver.withRole(g.changed);
    }

    /** The update plus the deferred cost it leaves: unions over ranges holding the role, here all the way to the root. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ScopeSet updateOneRoleOf10kThenResolveStar(Generated g) {
        return g.resolver.withRole(g.changed).resolve("*");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean satisfyAllOf10Against1000(Satisfaction s) {
        return s.required.satisfiedBy(s.held);
    }
}
