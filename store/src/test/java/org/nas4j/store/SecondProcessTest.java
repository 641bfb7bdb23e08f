package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;

/**
 * A file database held by another real process (the daemon): by default (AUTO_SERVER) this process reads
 * and writes it through the holder; with AUTO_SERVER=FALSE it is refused in one line naming the file.
 */
class SecondProcessTest {

    /** Starts {@link HoldDatabase} on {@code url} and returns once it holds the database. */
    private static Process hold(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // the holder's own output
        }
        assertEquals("ready", line, "the holding process started");
        return p;
    }

    private static void release(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void whileADaemonHoldsTheDefaultFileAnotherProcessCanReadAndTheDaemonGoesOn(@TempDir Path dir) throws Exception {
        String url = Fixtures.fileUrl(dir); // Database adds AUTO_SERVER=TRUE
        Process daemon = hold(url);
        try (var reader = NasStore.open(url)) {
            var held = reader.queries().experiment("held").orElseThrow();
            assertEquals(1, held.counts().values().stream().mapToInt(Integer::intValue).sum());
        } finally {
            release(daemon);
        }
        assertEquals(0, daemon.exitValue(), "the holder wrote after the reader came and went");
        try (var store = NasStore.open(url)) {
            assertEquals(2, store.queries().points("held").size());
        }
    }

    @Test
    void withoutAutoServerASecondProcessIsRefusedInOneLineAndTheHolderGoesOn(@TempDir Path dir) throws Exception {
        String url = Fixtures.fileUrl(dir) + ";AUTO_SERVER=FALSE";
        Process daemon = hold(url);
        try {
            var e = assertThrows(UserError.class, () -> NasStore.open(url));
            assertEquals(1, e.getMessage().lines().count());
            assertTrue(e.getMessage().startsWith("database " + dir.resolve("db").toAbsolutePath() + ".mv.db is in use by another nas process"),
                    e.getMessage());
        } finally {
            release(daemon);
        }
        assertEquals(0, daemon.exitValue(), "the holder is not disturbed");
        try (var store = NasStore.open(url)) {
            assertEquals(2, store.queries().points("held").size());
        }
    }

    @Test
    void aBackupIsNotRestoredOverADatabaseAnotherProcessHolds(@TempDir Path dir) throws Exception {
        String url = Fixtures.fileUrl(dir);
        Path backup;
        try (var store = NasStore.open(url)) {
            backup = store.backup(1).orElseThrow();
        }
        Process daemon = hold(url);
        try {
            var e = assertThrows(UserError.class, () -> Backups.of(url).orElseThrow().restore(backup));
            assertEquals(1, e.getMessage().lines().count());
            assertTrue(e.getMessage().contains("is in use by a running nas process (a search or nas serve): stop it"), e.getMessage());
        } finally {
            release(daemon);
        }
        assertEquals(0, daemon.exitValue(), "the holder is not disturbed");
        try (var store = NasStore.open(url)) {
            assertEquals(2, store.queries().points("held").size(), "nothing was replaced");
        }
    }
}
