package hub.neo4j;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j Community 5.26 embedded (DatabaseManagementServiceBuilder) with a Bolt connector, so the
 * project gets a real Neo4j server without Docker or a tarball download: everything comes from Maven Central.
 *
 * <pre>
 *   java -cp 'target/classes:target/lib/*' hub.neo4j.EmbeddedNeo4j [--data-dir DIR] [--listen HOST:PORT | --port N] [--watch-stdin]
 * </pre>
 *
 * Options fall back to environment variables: NEO4J_DATA_DIR (default ./.neo4j/data), NEO4J_LISTEN_ADDRESS, NEO4J_PORT
 * (default 127.0.0.1:7687; port 0 picks a free port), NEO4J_PASSWORD (auth is enabled only when it is set and non-empty),
 * NEO4J_PAGECACHE (default 256m), NEO4J_TX_MEMORY_TOTAL (default 512m), NEO4J_TX_MEMORY_MAX (default 256m).
 * The password is deliberately never taken from the command line (it would show in ps).
 *
 * The data directory is the Neo4j home: stores end up in DIR/data, Neo4j's own debug.log in DIR/logs.
 *
 * Prints exactly one line "neo4j ready bolt://HOST:PORT" on stdout once Bolt accepts connections (PORT is the
 * real bound port, useful with port 0), and "neo4j stopped" after a clean shutdown (SIGTERM / SIGINT run the
 * shutdown hook). With --watch-stdin the process also shuts down cleanly when its stdin reaches EOF, so a parent
 * that dies without cleaning up does not leave an orphan database behind.
 */
public final class EmbeddedNeo4j {
    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 7687;

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            run(args, out);
        } catch (Throwable t) {
            t.printStackTrace(System.err);
            // last line = the whole cause chain, so the tail of the log says why (e.g. port in use, store locked)
            StringBuilder why = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                why.append(why.length() == 0 ? "" : " <- ").append(c.getClass().getSimpleName()).append(": ")
                        .append(c.getMessage());
            }
            System.err.println("neo4j failed to start: " + why);
            System.err.flush();
            // halt: do not wait for Neo4j's non-daemon threads after a failed start
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        String dataDirArg = env("NEO4J_DATA_DIR", ".neo4j/data");
        String listen = env("NEO4J_LISTEN_ADDRESS", null);
        String portArg = env("NEO4J_PORT", null);
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDirArg = need(args, ++i, "--data-dir");
                case "--listen" -> listen = need(args, ++i, "--listen");
                case "--port" -> portArg = need(args, ++i, "--port");
                case "--watch-stdin" -> watchStdin = true;
                case "-h", "--help" -> {
                    out.println("usage: EmbeddedNeo4j [--data-dir DIR] [--listen HOST:PORT | --port N] [--watch-stdin]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        SocketAddress boltAddress = parseListen(listen, portArg);
        String password = env("NEO4J_PASSWORD", null);
        boolean auth = password != null && !password.isEmpty();

        Path home = Path.of(dataDirArg).toAbsolutePath().normalize();
        Files.createDirectories(home);
        boolean firstStart = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        if (auth && firstStart) {
            writeInitialPassword(home, password, out);
        }

        long t0 = System.nanoTime();
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.WARN))
                // Bolt, plain text, loopback by default
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, boltAddress)
                .setConfig(BoltConnector.advertised_address, boltAddress)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(boltAddress.getHostname()))
                // auth only when a password is given
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // modest memory: this runs next to test suites on small machines
                .setConfig(GraphDatabaseSettings.pagecache_memory, bytes(env("NEO4J_PAGECACHE", "256m")))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                        bytes(env("NEO4J_TX_MEMORY_TOTAL", "512m")))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, bytes(env("NEO4J_TX_MEMORY_MAX", "256m")))
                // small, non-preallocated transaction logs: many throwaway test instances share one disk
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, bytes("64m"))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default 5 s quiet period, once per event loop group, makes every stop take ~10 s
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));

        DatabaseManagementService managementService = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (!shuttingDown.compareAndSet(false, true)) {
                return;
            }
            try {
                managementService.shutdown();
                out.println("neo4j stopped");
            } catch (Throwable t) {
                System.err.println("neo4j shutdown failed: " + t);
                t.printStackTrace(System.err);
            } finally {
                out.flush();
                stopped.countDown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            try {
                stopped.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "neo4j-shutdown"));

        HostnamePort bound;
        try {
            if (auth) {
                ensurePassword(managementService, password, out);
            }
            GraphDatabaseAPI db =
                    (GraphDatabaseAPI) managementService.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            bound = db.getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT);
            if (bound == null) {
                throw new IllegalStateException("the Bolt connector did not start (no bound address registered)");
            }
        } catch (Throwable t) {
            shutdown.run(); // started but unusable: close the stores cleanly before failing
            throw t;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        out.println("neo4j " + neo4jVersion() + " started in " + ms + " ms, data " + home + ", auth "
                + (auth ? "enabled (user neo4j)" : "disabled"));
        out.println("neo4j ready bolt://" + bound.getHost() + ":" + bound.getPort());
        out.flush();

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input; only EOF matters
                    }
                } catch (Exception ignored) {
                    // treat a broken stdin like EOF
                }
                out.println("neo4j: stdin closed, shutting down");
                System.exit(0); // runs the shutdown hook
            }, "neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    /**
     * First start only: write DIR/data/dbms/auth.ini exactly like "neo4j-admin dbms set-initial-password" does, so
     * user neo4j is created with this password (no "change required") and Bolt never accepts the default one.
     */
    private static void writeInitialPassword(Path home, String password, PrintStream out) {
        try {
            Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
            Path authFile = CommunitySecurityModule.getInitialUserRepositoryFile(config);
            FileSystemAbstraction fs = new DefaultFileSystemAbstraction();
            fs.mkdirs(authFile.getParent());
            if (fs.fileExists(authFile)) {
                fs.deleteFile(authFile);
            }
            FileUserRepository repo = new FileUserRepository(
                    fs, authFile, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repo.create(new User("neo4j", null, credential, false, false));
            repo.shutdown();
        } catch (Throwable t) {
            // Not fatal: ensurePassword() below sets it through the system database instead.
            out.println("neo4j: could not write initial password file (" + t + "), will use ALTER USER");
        }
    }

    /**
     * Every start with auth: make sure user neo4j has this password (the data directory may come from a run with
     * another password, or with auth off, where neo4j still has the default password). Embedded transactions run
     * with full privileges, so the system database accepts ALTER USER without logging in.
     */
    private static void ensurePassword(DatabaseManagementService managementService, String password, PrintStream out) {
        try {
            managementService.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            out.println("neo4j: password of user neo4j set");
        } catch (RuntimeException e) {
            if (messages(e).contains("Old password and new password cannot be the same")) {
                return; // already the right password
            }
            throw e;
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static SocketAddress parseListen(String listen, String port) {
        String host = DEFAULT_HOST;
        int p = DEFAULT_PORT;
        if (listen != null && !listen.isBlank()) {
            String l = listen.trim();
            int colon = l.lastIndexOf(':');
            if (colon < 0) {
                host = l;
            } else {
                if (colon > 0) {
                    host = l.substring(0, colon);
                }
                p = Integer.parseInt(l.substring(colon + 1));
            }
        }
        if (port != null && !port.isBlank()) {
            p = Integer.parseInt(port.trim());
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("bad port: " + p);
        }
        return new SocketAddress(host, p);
    }

    private static long bytes(String v) {
        String s = v.trim().toLowerCase();
        long mult = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * mult;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static String neo4jVersion() {
        String v = DatabaseManagementService.class.getPackage().getImplementationVersion();
        return v == null ? "5.26" : v;
    }
}
