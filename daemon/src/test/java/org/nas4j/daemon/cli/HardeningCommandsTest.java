package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Json;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.cli.NasCommandTest.Result;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.daemon.search.SyntheticIdx;
import org.nas4j.daemon.search.TrainingSearchTest;
import org.nas4j.store.NasStore;

/** The commands as a careless user runs them: missing data, a stale experiment, odd names, logs, long trainings. */
class HardeningCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDatasetIsOneLineExit2BeforeAnythingIsStoredWhateverTheBudget() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        for (int trials : List.of(1, 20)) {
            Path file = Files.writeString(dir.resolve("cnn.yaml"), TrainingSearchTest.tiny("cnn", dir.resolve("gone"))
                    + "budget: {trials: " + trials + "}\nworkers: {isolation: in_process}\n");
            Result r = NasCommandTest.nas("search", "--config", file.toString(), "--db", db, "--no-web");
            assertEquals(2, r.code(), r.err() + r.out());
            assertEquals("nas: dataset.path " + dir.resolve("gone") + " is not a folder: set dataset.path to a directory with "
                    + "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and "
                    + "t10k-labels-idx1-ubyte(.gz)", r.err().strip());
        }
        try (var store = NasStore.open(db)) {
            assertEquals(List.of(), store.experiments());
        }
    }

    @Test
    void anExperimentThatNeverRanTakesTheCorrectedFileAndSaysSo() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        Path bad = MacroExperiment.write(dir, "stale", 1, 0, "strategy: {name: evolution, population: 0}\nbudget: {trials: 4}\n");
        try (var store = NasStore.open(db)) { // as an earlier version stored it before refusing the strategy
            store.createExperiment("stale", Files.readString(bad), Json.write(ConfigNode.load(bad).json()), bad.toString(),
                    "evolution", 4, 1);
        }
        Result refused = NasCommandTest.nas("search", "--config", bad.toString(), "--db", db, "--no-web");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("strategy.population must be an integer from 2"), refused.err());

        Path fixed = MacroExperiment.write(dir, "stale", 1, 0, "strategy: {name: evolution, population: 3}\nbudget: {trials: 4}\n");
        Result r = NasCommandTest.nas("search", "--config", fixed.toString(), "--db", db, "--no-web");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("experiment stale in " + db + " never ran: its stored config is replaced by " + fixed), r.out());
        assertTrue(r.out().contains("experiment stale finished: 4 of 4 trials"), r.out());

        Path changed = MacroExperiment.write(dir, "stale", 1, 0, "strategy: random\nbudget: {trials: 6}\n");
        Result again = NasCommandTest.nas("search", "--config", changed.toString(), "--db", db, "--no-web");
        assertTrue(again.out().contains("exists in " + db + ": resuming it with its stored config"), "a run experiment keeps its config: " + again.out());
    }

    @Test
    void listShowsANameStoredByAnEarlierVersionWithoutItsControlCharacters() {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        try (var store = NasStore.open(db)) {
            store.createExperiment("evil\u001b[2J\nname", "", "{}", "x.yaml", "random", 1, 1);
        }
        Result r = NasCommandTest.nas("list", "--db", db);
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("\u001b"), r.out());
        assertTrue(r.out().contains("evil?[2J?name"), r.out());
    }

    @Test
    void serveNamesTheTokenFileNotTheTokenAndMakesAnOpenedUpFileOwnerOnly() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path file = home.resolve("dashboard.token");
        String token = "bmFzNGotdG9rZW4tdGhhdC1pcy1sb25nLWVub3VnaC0xMjM0NQ";
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Process serve = NasProcess.start(dir, "serve", "--db", "jdbc:h2:file:" + dir.resolve("db"), "--port", "0");
        try {
            String url = NasProcess.dashboardUrl(dir, serve);
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }
        String log = Files.readString(NasProcess.log(dir));
        assertFalse(log.contains(token), "the token stays in its file: " + log);
        assertTrue(log.contains("the token kept in " + file), log);
        assertTrue(log.contains("dashboard token file " + file + " was open to others (rw-r--r--): made it owner-only"), log);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aSearchWritingToALogPrintsOnePlainLinePerFinishedTrialAndNoFrames() throws Exception {
        Path file = MacroExperiment.write(dir, "logged", 3, 30, "strategy: random\nbudget: {trials: 6}\n");
        Process search = NasProcess.start(dir, "search", "--config", file.toString(), "--db", "jdbc:h2:file:" + dir.resolve("db"), "--no-web");
        assertTrue(search.waitFor(2, TimeUnit.MINUTES));
        String log = Files.readString(NasProcess.log(dir));
        assertEquals(0, search.exitValue(), log);
        assertFalse(log.contains("\r"), "no carriage-return frames in a log");
        for (int n = 0; n <= 6; n++) {
            String prefix = "[" + n + "/6 trials] ";
            assertEquals(1, log.lines().filter(l -> l.startsWith(prefix)).count(), prefix + " once:\n" + log);
        }
    }

    @Test
    void trainAndExportRetrainReportEveryEpochWithSpeedAndTimeLeft() throws Exception {
        Path data = SyntheticIdx.write(dir.resolve("data"), 400, 100);
        String db = "jdbc:h2:file:" + dir.resolve("db");
        Path file = Files.writeString(dir.resolve("tiny.yaml"), TrainingSearchTest.tiny("tiny", data)
                + "workers: {isolation: in_process}\nbudget: {trials: 1}\n");
        assertEquals(0, NasCommandTest.nas("search", "--config", file.toString(), "--db", db, "--no-web").code());

        Result export = NasCommandTest.nas("export", "tiny", "--db", db, "--top", "1", "--retrain", "--epochs", "2",
                "--out", dir.resolve("export").toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().lines().anyMatch(l -> l.matches("trial 1 \\(1 of 1\\)  epoch 1/2: train loss .*, validation "
                + "accuracy .* images/s\\); at most \\d\\d:\\d\\d:\\d\\d left")), export.out());

        Path arch = Files.list(dir.resolve("export")).findFirst().orElseThrow().resolve("architecture.json");
        Result train = NasCommandTest.nas("train", "--arch", arch.toString(), "--config", file.toString(), "--epochs", "2",
                "--patience", "3", "--out", dir.resolve("trained").toString());
        assertEquals(0, train.code(), train.err());
        assertEquals(2, train.out().lines().filter(l -> l.startsWith("training  epoch ") && l.contains("images/s")
                && l.contains(" left")).count(), train.out());
        assertFalse(train.out().contains("\r"), "no bar frames when not on a terminal");
    }
}
