package io.taskgate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark in one run and prints one table that puts each figure beside its
 * reference (Taskcluster or hawk on node 20, same kind of machine) and its target.
 */
public final class BenchReport {

    /**
     * A table row: our benchmark, its reference as min and median in nanoseconds (0 when none), the
     * statistic we report, and a target: a speed-up over the reference min, an absolute ceiling, or
     * an absolute floor (for work that must stay slow, such as a password hash).
     */
    private record Row(String workload, String benchmark, String reference, double refMinNs, double refMedianNs,
            String statistic, double minSpeedup, double ceilingNs, double floorNs) {

        Row(String workload, String benchmark, String reference, double refMinNs, double refMedianNs, String statistic) {
            this(workload, benchmark, reference, refMinNs, refMedianNs, statistic, refMinNs > 0 ? 10 : 0, 0);
        }

        Row(String workload, String benchmark, String reference, double refMinNs, double refMedianNs, String statistic,
                double minSpeedup, double ceilingNs) {
            this(workload, benchmark, reference, refMinNs, refMedianNs, statistic, minSpeedup, ceilingNs, 0);
        }
    }

    private static final double MS = 1e6;
    private static final double US = 1e3;

    private static final List<Row> ROWS = List.of(
            new Row("build from the 600 real roles", "buildProduction", "94–113 ms", 94 * MS, 113 * MS, "p50"),
            new Row("resolve all 361 real clients (total)", "resolveAllClients", "163–189 ms", 163 * MS, 189 * MS, "p50"),
            new Row("heaviest client (952 scopes)", "resolveHeaviestClient", "11.5 ms (945 scopes)", 11.5 * MS, 11.5 * MS, "p50"),
            new Row("`assume:repo:github.com/*`", "resolveRepoGithubStar", "85 µs", 85 * US, 85 * US, "p50"),
            new Row("`assume:mozilla-user:*`", "resolveMozillaUserStar", "47 µs", 47 * US, 47 * US, "p50"),
            new Row("chain of 1500 roles: build", "buildChain1500", "127 ms", 127 * MS, 127 * MS, "p50"),
            new Row("chain of 1500 roles: resolve", "resolveChain1500", "57 µs", 57 * US, 57 * US, "p50"),
            new Row("tree 4×4: build", "buildTree4x4", "6.8 ms", 6.8 * MS, 6.8 * MS, "p50"),
            new Row("tree 4×4: resolve", "resolveTree4x4", "62 µs", 62 * US, 62 * US, "p50"),
            new Row("10,000 generated roles: build", "buildGenerated10k", "—", 0, 0, "p50"),
            new Row("10,000 generated roles: resolve, median", "resolveGenerated10k", "—", 0, 0, "p50"),
            new Row("10,000 generated roles: resolve, p99", "resolveGenerated10k", "—", 0, 0, "p99"),
            new Row("10,000 generated roles: change one role", "updateOneRoleOf10k", "—", 0, 0, "p50"),
            new Row("10,000 generated roles: change one role, then resolve `*`", "updateOneRoleOf10kThenResolveStar", "—", 0, 0, "p50"),
            new Row("10-scope AllOf against a 1,000-scope set", "satisfyAllOf10Against1000", "target ≤ 1 µs", 0, 0, "avg", 0, 1 * US),
            new Row("Hawk: verify one request (parse, MAC, compare)", "verifyOneRequest", "hawk@9.0.2: 9.5 µs; target ≤ 1.5 µs",
                    9.5 * US, 9.5 * US, "avg", 0, 1.5 * US),
            new Row("Hawk: replay check of one nonce (bounded memory)", "replayCheckOneNonce", "—", 0, 0, "avg", 0, 0),
            new Row("JWT: verify one ES256 access token (parse, kid, signature, claims)", "verifyEs256AccessToken", "—", 0, 0, "avg"),
            new Row("JWT: verify one RS256 access token (parse, kid, signature, claims)", "verifyRs256AccessToken", "—", 0, 0, "avg"),
            new Row("JWT: sign one ES256 access token", "signEs256AccessToken", "—", 0, 0, "avg"),
            new Row("cold Basic verification: one Argon2id check", "verifyArgon2idPassword",
                    "target ≥ 10 ms shows the hash is not weak", 0, 0, "avg", 0, 0, 10 * MS));

    private BenchReport() {}

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        String shared = Path.of(System.getProperty("taskgate.shared.dir", "../shared")).toAbsolutePath().normalize().toString();
        Options options = new OptionsBuilder()
                .include("io\\.taskgate\\.bench\\..*Benchmarks\\.")
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Dtaskgate.shared.dir=" + shared, "-Xms2g", "-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Result<?>> byBenchmark = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            byBenchmark.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult());
        }
        List<String> misses = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        table.append("| Workload | Reference (min–median) | Taskgate | Speed-up vs reference min | Target |\n");
        table.append("|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            Result<?> result = byBenchmark.get(row.benchmark());
            if (result == null) {
                table.append("| ").append(row.workload()).append(" | ").append(row.reference()).append(" | not run | | |\n");
                continue;
            }
            double ns = nanos(result, row.statistic());
            String ours = format(ns) + (row.statistic().equals("avg") ? " (mean)" : " (" + row.statistic() + ")");
            String speedup = row.refMinNs() > 0 ? String.format("%.0f×", row.refMinNs() / ns) : "";
            String target = "";
            if (row.minSpeedup() > 0) {
                boolean met = row.refMinNs() / ns >= row.minSpeedup();
                target = met ? String.format("met (≥ %.0f×)", row.minSpeedup()) : String.format("MISSED (< %.0f×)", row.minSpeedup());
                if (!met) {
                    misses.add(row.workload());
                }
            } else if (row.ceilingNs() > 0) {
                boolean met = ns <= row.ceilingNs();
                target = (met ? "met (≤ " : "MISSED (> ") + format(row.ceilingNs()) + ")";
                if (!met) {
                    misses.add(row.workload());
                }
            } else if (row.floorNs() > 0) {
                boolean met = ns >= row.floorNs();
                target = (met ? "met (≥ " : "MISSED (< ") + format(row.floorNs()) + ")";
                if (!met) {
                    misses.add(row.workload());
                }
            }
            table.append("| ").append(row.workload()).append(" | ").append(row.reference()).append(" | ")
                    .append(ours).append(" | ").append(speedup).append(" | ").append(target).append(" |\n");
        }
        System.out.println();
        System.out.println("Benchmarks, one JMH run (" + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores" + (quick ? ", --quick" : "") + "):");
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println(misses.isEmpty() ? "All targets met." : "Targets missed: " + String.join("; ", misses));
    }

    private static double nanos(Result<?> result, String statistic) {
        double value = switch (statistic) {
            case "p50" -> result.getStatistics().getPercentile(50);
            case "p99" -> result.getStatistics().getPercentile(99);
            default -> result.getScore();
        };
        String unit = result.getScoreUnit();
        if (unit.startsWith("ms")) {
            return value * MS;
        }
        if (unit.startsWith("us")) {
            return value * US;
        }
        if (unit.startsWith("ns")) {
            return value;
        }
        if (unit.startsWith("s/")) {
            return value * 1e9;
        }
        throw new IllegalStateException("unexpected unit " + unit);
    }

    private static String format(double ns) {
        if (ns >= MS) {
            return String.format("%.2f ms", ns / MS);
        }
        if (ns >= US) {
            return String.format("%.2f µs", ns / US);
        }
        return String.format("%.0f ns", ns);
    }
}
