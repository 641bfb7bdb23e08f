package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;

/**
 * Databases where nas4j may not write: one line naming the place and the fix, no H2 stack trace, and an existing
 * read-only database still readable. A file is made read-only with its permissions, or, for root (whom permissions do
 * not stop), with Linux's immutable attribute.
 */
class UnwritableLocationTest {
    private Path locked;

    /** Makes {@code p} unwritable for this process; false where this machine cannot. */
    private boolean lock(Path p) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        if (Files.isWritable(p)) {
            new ProcessBuilder("chattr", "+i", p.toString()).redirectErrorStream(true).start().waitFor();
        }
        locked = p;
        return !Files.isWritable(p);
    }

    @AfterEach
    void unlock() throws Exception {
        if (locked != null) {
            new ProcessBuilder("chattr", "-i", locked.toString()).redirectErrorStream(true).start().waitFor();
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aParentThatIsAFileIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plain"), "a file");
        var e = assertThrows(UserError.class, () -> NasStore.open("jdbc:h2:file:" + dir.resolve("plain/sub/db")));
        assertEquals("cannot use database " + dir.resolve("plain/sub/db.mv.db") + ": " + dir.resolve("plain")
                + " is a file, not a folder: give --db (or NAS4J_HOME) a path in a folder", e.getMessage());
    }

    @Test
    void aReadOnlyFolderIsNamedBeforeH2TriesIt(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("ro"));
        assumeTrue(lock(folder), "this machine cannot make a folder read-only for this user");
        var e = assertThrows(UserError.class, () -> NasStore.open("jdbc:h2:file:" + folder.resolve("db")));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().endsWith("is read-only: give --db (or NAS4J_HOME) a writable place"), e.getMessage());
    }

    @Test
    void aReadOnlyDatabaseIsReadAndRefusesWritesInOneLine(@TempDir Path dir) throws Exception {
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            store.createExperiment("exp", "name: exp", "{}", null, "random", 1, 1);
        }
        assumeTrue(lock(dir.resolve("db.mv.db")), "this machine cannot make a file read-only for this user");
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            assertEquals("exp", store.require("exp").name(), "read");
            var e = assertThrows(UserError.class, () -> store.createExperiment("other", "", "{}", null, "random", 1, 1));
            assertTrue(e.getMessage().contains("is read-only (the file is not writable): nas4j can read it"), e.getMessage());
        }
    }
}
