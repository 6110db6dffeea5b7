package io.taskgate.server.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code taskgate} command line. */
@Command(name = "taskgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {Main.Serve.class, Main.RotateKeys.class, Signin.class},
        description = "Taskgate: auth for task platforms, compatible with Taskcluster's and Camunda's clients.")
public final class Main implements Runnable {

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger(); // one log: java.util.logging (Helidon) goes through SLF4J
        SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code taskgate serve}: runs the server until it is stopped. */
    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server on its embedded store.")
    static final class Serve implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Serve.class);

        @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--data-dir", defaultValue = "data", description = "Directory for the store and the master key (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
        String host;

        @Option(names = "--profile", description = "dev, default or oidc (default: TASKGATE_PROFILE, else default).")
        String profile;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = new HashMap<>(System.getenv());
            if (profile != null) {
                env.put("TASKGATE_PROFILE", profile);
            }
            Config config = readConfig(host, port, dataDir, env);
            if (config == null) {
                return 2;
            }
            Taskgate taskgate;
            try {
                taskgate = Taskgate.start(config, Clock.systemUTC(), System.out);
            } catch (IllegalStateException refused) {
                System.err.println("taskgate: " + refused.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                taskgate.close();
                stopped.countDown();
            }));
            LOG.info("Taskgate {} ready on {}:{}; clients use rootUrl {}", Taskgate.VERSION, host, taskgate.port(), taskgate.publicUrl());
            stopped.await();
            return 0;
        }
    }

    /** {@code taskgate rotate-keys}: replaces the token-signing key in the store, beside a running server or not. */
    @Command(name = "rotate-keys", mixinStandardHelpOptions = true,
            description = "Make a new token-signing key the active one. The previous key stays published until its tokens expire.")
    static final class RotateKeys implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = "data", description = "The server's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            Config config = readConfig("127.0.0.1", 0, dataDir, System.getenv());
            if (config == null) {
                return 2;
            }
            String key = Taskgate.rotateSigningKey(config, Clock.systemUTC());
            System.out.println("New " + key + ". Running servers accept it now and sign with it within a minute.");
            return 0;
        }
    }

    /** The configuration from the options and the environment, or null after saying what is wrong with it. */
    private static Config readConfig(String host, int port, Path dataDir, Map<String, String> env) {
        try {
            return Config.of(host, port, dataDir, env);
        } catch (IllegalArgumentException e) {
            System.err.println("taskgate: " + e.getMessage());
            return null;
        }
    }

    /** The version picocli prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"taskgate " + Taskgate.VERSION};
        }
    }
}
