package org.nas4j.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.nas4j.core.UserError;

/**
 * The backups of one file database, in the folder {@code backups/} beside it: {@code <name>-<UTC time>.zip}, each
 * an online, transactionally consistent copy made by H2's {@code BACKUP TO} while the daemon goes on writing.
 * Taking one keeps the newest {@code keep}. Restoring checks that the backup opens before it replaces anything, and
 * keeps the replaced file beside the database. Thread-safe (one backup at a time per process).
 */
public final class Backups {
    /** How many backups a database keeps, unless told otherwise. */
    public static final int KEEP = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path database;
    private final Path dir;
    private final String name;

    private Backups(Path database) {
        this.database = database.toAbsolutePath();
        this.dir = this.database.resolveSibling("backups");
        this.name = this.database.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
    }

    /** The backups of the database at {@code url}, or empty for one that is not a file of this machine (mem:, tcp:). */
    public static Optional<Backups> of(String url) {
        return of(H2Url.parse(url));
    }

    static Optional<Backups> of(H2Url url) {
        return url.file() == null ? Optional.empty() : Optional.of(new Backups(Path.of(url.file())));
    }

    /** The folder the backups go to. */
    public Path folder() {
        return dir;
    }

    /** Takes a backup of {@code db} (which must be this database) now; keeps the newest {@code keep}; returns its file. */
    public synchronized Path take(Database db, int keep) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name + "-" + STAMP.format(Instant.now()) + ".zip");
            Path tmp = dir.resolve(target.getFileName() + ".tmp");
            db.transaction(c -> {
                try (var s = c.prepareStatement("BACKUP TO ?")) {
                    s.setString(1, tmp.toString());
                    s.execute();
                }
                return null;
            });
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            List<Path> all = list();
            for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
                Files.deleteIfExists(old);
            }
            return target;
        } catch (IOException e) {
            throw new UserError("cannot write a backup into " + dir + " (" + e.getMessage() + "): free disk space or make "
                    + "the folder writable", e);
        }
    }

    /** This database's backups, newest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(name) + "-\\d{8}-\\d{6}-\\d{3}\\.zip"))
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest backup, if there is one. */
    public Optional<Path> newest() {
        return list().stream().findFirst();
    }

    /** When a backup file of {@link #list} was taken. */
    public static Instant takenAt(Path backup) {
        String f = backup.getFileName().toString();
        return Instant.from(STAMP.parse(f.substring(f.length() - "yyyyMMdd-HHmmss-SSS.zip".length(), f.length() - 4)));
    }

    /**
     * Puts {@code backup} in place of the database, after checking that it is a backup that opens as a nas4j store
     * and that no process holds the database; the file it replaces is kept as {@code <name>.mv.db.replaced-<time>}.
     *
     * @return the experiments the restored database holds
     * @throws UserError naming what is wrong and the fix
     */
    public synchronized List<String> restore(Path backup) {
        if (!Files.isRegularFile(backup)) {
            throw new UserError("backup " + backup + " does not exist: choose one of " + list());
        }
        Path work = database.resolveSibling(".restore-" + STAMP.format(Instant.now()));
        try {
            Path copy = work.resolve(name + ".mv.db");
            extract(backup, copy);
            List<String> experiments;
            try (var store = NasStore.open("jdbc:h2:file:" + work.resolve(name) + ";AUTO_SERVER=FALSE")) {
                experiments = store.experiments().stream().map(ExperimentRecord::name).toList();
            } catch (UserError e) {
                throw new UserError("backup " + backup + " does not open (" + e.getMessage() + "): choose an older backup", e);
            }
            refuseIfInUse();
            if (Files.exists(database)) {
                Files.move(database, database.resolveSibling(database.getFileName() + ".replaced-" + STAMP.format(Instant.now())));
            }
            Files.move(copy, database, StandardCopyOption.ATOMIC_MOVE);
            return experiments;
        } catch (IOException e) {
            throw new UserError("cannot restore " + backup + " to " + database + " (" + e.getMessage() + "): check the "
                    + "folder's permissions and free disk space", e);
        } finally {
            deleteTree(work);
        }
    }

    private void extract(Path backup, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        boolean found = false;
        try (InputStream in = Files.newInputStream(backup); var zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory() && e.getName().endsWith(".mv.db")) {
                    if (found) {
                        throw new UserError("backup " + backup + " holds more than one database: restore it by hand");
                    }
                    Files.copy(zip, to);
                    found = true;
                }
            }
        } catch (java.util.zip.ZipException e) {
            found = false;
        }
        if (!found) {
            throw new UserError(backup + " is not a nas4j backup (a zip holding one .mv.db file, as nas backup writes): "
                    + "choose a file from " + dir);
        }
    }

    private void refuseIfInUse() {
        if (!Files.exists(database)) {
            return;
        }
        String url = "jdbc:h2:file:" + database.resolveSibling(name) + ";AUTO_SERVER=FALSE;IFEXISTS=TRUE";
        try (var c = DriverManager.getConnection(url, "sa", "")) {
            c.isValid(1); // it opens: nobody holds it
        } catch (SQLException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException s && s.getErrorCode() == OpenFailure.IN_USE) {
                    throw new UserError("database " + database + " is in use by a running nas process (a search or nas "
                            + "serve): stop it, then run nas restore again", e);
                }
            }
            // unreadable or corrupt: what a restore is for
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder costs disk, not data
        }
    }
}
