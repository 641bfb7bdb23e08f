package org.nas4j.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    static final String SCHEMA_VERSION = "7";

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    /** Why this database cannot be written (a read-only file or folder), or null when it can. */
    private final String readOnly;

    private Database(String url, HikariDataSource writer, HikariDataSource reader, String readOnly) {
        this.url = url;
        this.writer = writer;
        this.reader = reader;
        this.readOnly = readOnly;
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
        H2Url given = H2Url.parse(url);
        String readOnly = given.file() == null ? null : checkLocation(given);
        H2Url h2 = readOnly == null ? given : given.readOnly();
        HikariDataSource writer = null;
        HikariDataSource reader = null;
        try {
            if (h2.file() != null && readOnly == null && !Files.exists(Path.of(h2.file()))) {
                create(h2);
            }
            writer = pool(h2.effective(), "nas4j-write", 2, false);
            Flyway flyway = flyway(writer);
            var current = flyway.info().current();
            if (current != null && current.getVersion().isNewerThan(SCHEMA_VERSION)) {
                throw new UserError("database " + h2.name() + " has schema version " + current.getVersion()
                        + ", written by a newer nas4j (this one knows " + SCHEMA_VERSION + "): upgrade nas4j, or give another --db");
            }
            if (readOnly == null) {
                if (current != null && flyway.info().pending().length > 0) { // an upgrade that a kill could cut short
                    var before = new Database(url, writer, writer, null);
                    Backups.of(h2).ifPresent(b -> b.take(before, Backups.KEEP));
                }
                flyway.migrate();
            } else if (current == null || !current.getVersion().getVersion().equals(SCHEMA_VERSION)) {
                throw new UserError("database " + h2.name() + " is read-only (" + readOnly + ") and has schema version "
                        + (current == null ? "none" : current.getVersion()) + " where this nas4j needs " + SCHEMA_VERSION
                        + ": make it writable once so that nas4j can upgrade it");
            }
            reader = pool(h2.effective(), "nas4j-read", 8, true);
            return new Database(url, writer, reader, readOnly);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            closeQuietly(writer);
            throw e instanceof UserError u ? u : new UserError(OpenFailure.describe(h2, e), e);
        }
    }

    private static Flyway flyway(HikariDataSource pool) {
        return Flyway.configure().dataSource(pool).locations("classpath:db/migration").load();
    }

    /**
     * Makes a new file database whole: migrated in a file of its own, then linked into place. H2 commits each DDL
     * statement at once, so a kill in the middle of migrating left a database whose tables and schema history disagree,
     * which no later open could migrate (found by the crash-torture test); now a kill leaves only a stray new file. If
     * another process puts its new database in place first, that one is used.
     */
    private static void create(H2Url h2) {
        Path file = Path.of(h2.file()).toAbsolutePath();
        String fresh = file.toString().replaceFirst("\\.mv\\.db$", "") + ".new-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            try (var pool = pool(h2.elsewhere(fresh).effective(), "nas4j-create", 2, false)) {
                flyway(pool).migrate();
            }
            Files.createLink(file, Path.of(fresh + ".mv.db"));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another opener was first
        } catch (java.io.IOException e) {
            throw new UserError("cannot create database " + file + " (" + e.getMessage() + "): give --db (or NAS4J_HOME) "
                    + "a writable place", e);
        } finally {
            for (String ext : new String[] {".mv.db", ".trace.db"}) {
                try {
                    Files.deleteIfExists(Path.of(fresh + ext));
                } catch (java.io.IOException e) {
                    // a stray new file costs disk, not data
                }
            }
        }
    }

    /**
     * Checks where a file database lives before H2 does (which would print its own stack traces): a folder that
     * can be made and written, or an existing file. Returns why an existing database cannot be written (it is then
     * opened read-only), or null.
     */
    private static String checkLocation(H2Url h2) {
        Path file = Path.of(h2.file()).toAbsolutePath();
        Path folder = file.getParent();
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UserError("cannot use database " + file + ": " + p + " is a file, not a folder: give --db (or "
                        + "NAS4J_HOME) a path in a folder");
            }
        }
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(folder);
            } catch (java.io.IOException e) {
                throw new UserError("cannot create database " + file + ": folder " + folder + " cannot be made (" + e
                        + "): give --db (or NAS4J_HOME) a writable place", e);
            }
            if (!Files.isWritable(folder)) {
                throw new UserError("cannot create database " + file + ": folder " + folder + " is read-only: give --db "
                        + "(or NAS4J_HOME) a writable place");
            }
            return null;
        }
        if (!Files.isWritable(file)) {
            return "the file is not writable";
        }
        return Files.isWritable(folder) ? null : "its folder " + folder + " is not writable";
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

    /** The database's file without H2's {@code .mv.db} (what a file URL names), or empty for a server or in-memory one. */
    public Optional<Path> file() {
        String file = H2Url.parse(url).file();
        return Optional.ofNullable(file).map(f -> Path.of(f.substring(0, f.length() - ".mv.db".length())));
    }

    /**
     * Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws.
     *
     * @throws UserError for a database opened read-only, naming why
     */
    public <T> T transaction(Sql.Work<T> work) {
        if (readOnly != null) {
            throw new UserError("database " + url + " is read-only (" + readOnly + "): nas4j can read it (nas list, "
                    + "nas status, nas serve) but not write it; make it writable, or copy it and give the copy as --db");
        }
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
