package org.nas4j.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.nas4j.core.UserError;

/**
 * An H2 database under versioned migrations, with two connection pools: a small one for writes and a
 * larger read-only one, so that a burst of dashboard reads never makes the daemon wait for a connection.
 * H2's MVStore is multi-version: readers take no locks and never block the writer, and a reader sees one
 * snapshot for the whole of its {@link #read} (repeatable read).
 *
 * <p>A file database is opened with {@code AUTO_SERVER=TRUE} unless its URL says otherwise: the first
 * process to open it serves it, and {@code nas list}, {@code nas status} or the dashboard can read it while
 * a daemon searches. With {@code AUTO_SERVER=FALSE} a second process is refused in one line naming the file.
 *
 * <p>Opened once per process and shared; thread-safe.
 */
public final class Database implements AutoCloseable {
    /** The newest schema version this nas4j knows (the last migration under db/migration). */
    static final String SCHEMA_VERSION = "5";

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource reader;

    private Database(String url, HikariDataSource writer, HikariDataSource reader) {
        this.url = url;
        this.writer = writer;
        this.reader = reader;
    }

    /** The data folder: $NAS4J_HOME, else ~/.nas4j. */
    public static Path home() {
        String env = System.getenv("NAS4J_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".nas4j");
    }

    /** The default store: the H2 file {@code nas4j.mv.db} in {@link #home()}, shared through AUTO_SERVER. */
    public static String defaultUrl() {
        return "jdbc:h2:file:" + home().resolve("nas4j").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens {@code url} (any H2 JDBC URL: file, {@code tcp://} server or {@code mem:}), validates the schema
     * history and migrates it to the newest version. Refuses, without touching it, a database written by a
     * newer nas4j, and reports a corrupt, locked or unreachable one in one line. Called once per process.
     *
     * @throws UserError when the database cannot be used, naming it and the fix
     */
    public static Database open(String url) {
        H2Url h2 = H2Url.parse(url);
        HikariDataSource writer = null;
        HikariDataSource reader = null;
        try {
            writer = pool(h2.effective(), "nas4j-write", 2, false);
            Flyway flyway = Flyway.configure().dataSource(writer).locations("classpath:db/migration").load();
            var current = flyway.info().current();
            if (current != null && current.getVersion().isNewerThan(SCHEMA_VERSION)) {
                throw new UserError("database " + h2.name() + " has schema version " + current.getVersion()
                        + ", written by a newer nas4j (this one knows " + SCHEMA_VERSION + "): upgrade nas4j, or give another --db");
            }
            flyway.migrate();
            reader = pool(h2.effective(), "nas4j-read", 8, true);
            return new Database(url, writer, reader);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e instanceof UserError u ? u : new UserError(OpenFailure.describe(h2, e), e);
        }
    }

    private static HikariDataSource pool(String url, String name, int size, boolean readOnly) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setMaxLifetime(0); // H2 connections do not go stale; a dropped tcp one is found on borrow
        config.setPoolName(name);
        config.setReadOnly(readOnly);
        if (readOnly) {
            config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        }
        config.setInitializationFailTimeout(1); // fail at once with the database's own error
        return new HikariDataSource(config);
    }

    /** The URL as given to {@link #open}. */
    public String url() {
        return url;
    }

    /** Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Sql.Work<T> work) {
        return run(writer, work);
    }

    /** Runs {@code work} on a read-only connection that sees one snapshot of the database throughout. */
    public <T> T read(Sql.Work<T> work) {
        return run(reader, work);
    }

    private <T> T run(HikariDataSource pool, Sql.Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(reader);
        closeQuietly(writer);
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }
}
