package org.nas4j.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.nas4j.core.UserError;

/**
 * An H2 database under versioned migrations with a connection pool. The default is an embedded file in
 * the user's data folder opened with AUTO_SERVER, so that {@code nas list} or the dashboard can read it
 * while a daemon writes (H2's MVStore is multi-version: readers never block the writer). Thread-safe.
 */
public final class Database implements AutoCloseable {
    /** The newest schema version this nas4j knows (the last migration under db/migration). */
    static final String SCHEMA_VERSION = "2";

    private final String url;
    private final HikariDataSource pool;

    private Database(String url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** The data folder: $NAS4J_HOME, else ~/.nas4j. */
    public static Path home() {
        String env = System.getenv("NAS4J_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".nas4j");
    }

    public static String defaultUrl() {
        return "jdbc:h2:file:" + home().resolve("nas4j").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens {@code url} (any H2 JDBC URL), creating or upgrading the schema. Refuses, without touching
     * it, a database written by a newer nas4j, and reports a corrupt or unreachable one in one line.
     */
    public static Database open(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            throw new UserError("--db " + url + " is not an H2 JDBC URL: use jdbc:h2:file:/path/name, jdbc:h2:tcp://host/name or jdbc:h2:mem:name");
        }
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setPoolName("nas4j");
        config.setInitializationFailTimeout(1); // fail at once with the database's own error
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UserError(describe(url, e), e);
        }
        try {
            Flyway flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load();
            var current = flyway.info().current();
            if (current != null && current.getVersion().isNewerThan(SCHEMA_VERSION)) {
                throw new UserError("database " + url + " has schema version " + current.getVersion()
                        + ", written by a newer nas4j (this one knows " + SCHEMA_VERSION + "): upgrade nas4j, or give another --db");
            }
            flyway.migrate();
            return new Database(url, pool);
        } catch (UserError e) {
            pool.close();
            throw e;
        } catch (RuntimeException e) {
            pool.close();
            throw new UserError(describe(url, e), e);
        }
    }

    /** H2's error codes: file corrupted, I/O error on the file, database already open. */
    private static final int CORRUPT = 90030;
    private static final int IO_ERROR = 90028;
    private static final int IN_USE = 90020;

    private static String describe(String url, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getErrorCode() == CORRUPT || sql.getErrorCode() == IO_ERROR) {
                    return "database " + url + " is corrupt or unreadable: move the file away (nas4j then starts a new one) "
                            + "or restore it from a backup";
                }
                if (sql.getErrorCode() == IN_USE) {
                    return "database " + url + " is locked by another process: stop it, or open it with ;AUTO_SERVER=TRUE in the URL";
                }
            }
        }
        String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return "cannot open database " + url + ": " + first;
    }

    public String url() {
        return url;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Sql.Work<T> work) {
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
        pool.close();
    }
}
