package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.core.read.TrialRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;

/** Opening creates, upgrades or refuses a database, and never damages one it refuses. */
class MigrationsTest {

    private static List<String> history(Path dir) throws Exception {
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "");
             var rs = c.createStatement().executeQuery("SELECT \"version\", \"checksum\", \"success\" FROM \"flyway_schema_history\" "
                     + "ORDER BY \"installed_rank\"")) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getBoolean(3));
            }
            return out;
        }
    }

    private static List<String> tables(Path dir) throws Exception {
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "");
             var rs = c.createStatement().executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                     + "WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")) {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void aNewDatabaseGetsEveryTableAndReopeningChangesNothing(@TempDir Path dir) throws Exception {
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            store.createExperiment("exp", "name: exp", "{}", null, "random", 1, 1);
        }
        assertEquals(List.of("CONTROLLER_SAMPLES", "DERIVED_CANDIDATES", "EPOCHS", "EVENTS", "EXPERIMENTS", "POLICY_STEPS",
                "STRATEGY_CHECKPOINTS", "SUPERNET_CHECKPOINTS", "SUPERNET_EPOCHS", "TRIALS", "flyway_schema_history"), tables(dir));
        List<String> history = history(dir);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), history.stream().map(h -> h.split(":")[0]).filter(v -> !v.equals("null")).toList(),
                history.toString());
        assertTrue(history.stream().allMatch(h -> h.endsWith(":true")), history.toString());
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            assertEquals("exp", store.require("exp").name());
        }
        assertEquals(history, history(dir), "re-opening migrates nothing");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.contains(".new-")).toList(),
                    "the new database was made aside and linked into place, leaving nothing behind");
        }
    }

    @Test
    void aDatabaseFromANewerNas4jIsRefusedWithTheFixAndItsHistoryAndDataStay(@TempDir Path dir) throws Exception {
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            store.createExperiment("exp", "name: exp", "{}", null, "random", 1, 1);
        }
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "")) {
            c.createStatement().execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", "
                    + "\"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (10, '10', 'from the future', 'SQL', 'V10__future.sql', 0, 'sa', 0, TRUE)");
            c.createStatement().execute("CREATE TABLE FUTURE_THING (ID INT)");
        }
        List<String> history = history(dir);
        var e = assertThrows(UserError.class, () -> NasStore.open(Fixtures.fileUrl(dir)));
        assertEquals("database " + dir.resolve("db").toAbsolutePath() + ".mv.db has schema version 10, written by a newer nas4j "
                + "(this one knows 7): upgrade nas4j, or give another --db", e.getMessage());
        assertEquals(history, history(dir));
        assertTrue(tables(dir).contains("FUTURE_THING"));
    }

    @Test
    void aVersion3DatabaseWithTrialsIsUpgradedAndNumbersItsNextTrialAfterThem(@TempDir Path dir) throws Exception {
        org.flywaydb.core.Flyway.configure().dataSource(Fixtures.fileUrl(dir), "sa", "").target("3").load().migrate();
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "")) {
            c.createStatement().execute("INSERT INTO experiments (id, name, config_text, config_json, strategy, budget_trials, seed, "
                    + "status, created_at, updated_at) VALUES (1, 'old', 'name: old', '{}', 'random', 5, 1, 'stopped', NOW(), NOW())");
            for (int n = 1; n <= 2; n++) {
                c.createStatement().execute("INSERT INTO trials (experiment_id, number, arch_key, architecture, state, seed, created_at) "
                        + "VALUES (1, " + n + ", '" + Fixtures.arch(n).key() + "', '" + org.nas4j.core.Json.write(Fixtures.arch(n).toJson())
                        + "', 'PENDING', 1, NOW())");
            }
        }
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            assertEquals(3, store.addTrial(1, Fixtures.arch(3), 3).number());
            assertEquals(List.of(1, 2, 3), store.queries().points("old").stream().map(TrialRow::number).toList());
        }
    }

    @Test
    void aSchema6DatabaseWrittenByTheLastReleaseGainsProvenanceAndKeepsItsTrials(@TempDir Path dir) throws Exception {
        // a real file: a tabular REINFORCE search of 12 trials run by the nas4j of schema 6, then SHUTDOWN COMPACT
        try (var old = MigrationsTest.class.getResourceAsStream("/compat/nas4j-schema-6.mv.db")) {
            Files.copy(old, dir.resolve("db.mv.db"));
        }
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            var e = store.require("macro-v6");
            assertEquals("finished", e.status().id());
            List<TrialRecord> trials = store.trials(e.id());
            assertEquals(12, trials.size());
            assertTrue(trials.stream().allMatch(t -> t.provenance() == null && t.configHash() == null && t.reward() > 80),
                    "old trials keep their results and have no provenance: it was never known");
            TrialRecord added = store.addTrial(e.id(), new org.nas4j.core.Architecture(trials.get(0).architecture().space(),
                    java.util.Map.of("layer1", "id")), 5);
            assertEquals(13, added.number());
            assertEquals(NasStore.hash(e.configJson()), added.configHash());
            store.running(added.id(), null);
            var where = new org.nas4j.core.Provenance("worker process 7", "host-a", "cuda:1", 4, "0.1.0-SNAPSHOT", "1.0.0-M2.1");
            store.ranOn(added.id(), where);
            assertEquals(where, store.trial(added.id()).orElseThrow().provenance());
        }
        assertEquals("7", history(dir).get(history(dir).size() - 1).split(":")[0]);
    }

    @Test
    void aDatabaseThatIsNotNas4jsIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "")) {
            c.createStatement().execute("CREATE TABLE SOMEONE_ELSES (ID INT)");
        }
        var e = assertThrows(UserError.class, () -> NasStore.open(Fixtures.fileUrl(dir)));
        assertEquals("database " + dir.resolve("db").toAbsolutePath() + ".mv.db already holds tables that are not nas4j's: "
                + "give another --db", e.getMessage());
        assertEquals(List.of("SOMEONE_ELSES"), tables(dir));
    }

    @Test
    void aDatabaseWhoseAppliedMigrationWasChangedIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        NasStore.open(Fixtures.fileUrl(dir)).close();
        try (var c = DriverManager.getConnection(Fixtures.fileUrl(dir), "sa", "")) {
            c.createStatement().execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = 42 WHERE \"version\" = '2'");
        }
        List<String> history = history(dir);
        var e = assertThrows(UserError.class, () -> NasStore.open(Fixtures.fileUrl(dir)));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().contains("does not match the schema migrations of this nas4j"), e.getMessage());
        assertTrue(e.getMessage().endsWith("open it with the nas4j that wrote it, or give another --db"), e.getMessage());
        assertEquals(history, history(dir));
    }

    @Test
    void aCorruptFileIsRefusedInOneLineAndLeftAsItWas(@TempDir Path dir) throws Exception {
        byte[] garbage = "this is not an H2 database\n".repeat(500).getBytes();
        Files.write(dir.resolve("db.mv.db"), garbage);
        var e = assertThrows(UserError.class, () -> NasStore.open(Fixtures.fileUrl(dir)));
        assertEquals("database " + dir.resolve("db").toAbsolutePath() + ".mv.db is corrupt or unreadable: move the file away "
                + "(nas4j then starts a new one) or restore a backup of it; there is none in " + dir.resolve("backups"), e.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(dir.resolve("db.mv.db")));
    }

    @Test
    void aCorruptFileWithBackupsNamesTheNewestAndTheCommandThatRestoresIt(@TempDir Path dir) throws Exception {
        Path newest;
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            store.createExperiment("exp", "name: exp", "{}", null, "random", 1, 1);
            store.backup(2);
            store.backup(2);
            newest = store.backup(2).orElseThrow();
        }
        var backups = Backups.of(Fixtures.fileUrl(dir)).orElseThrow();
        assertEquals(2, backups.list().size(), "the newest two are kept");
        assertEquals(newest, backups.newest().orElseThrow());
        Files.write(dir.resolve("db.mv.db"), "broken\n".repeat(500).getBytes());
        var e = assertThrows(UserError.class, () -> NasStore.open(Fixtures.fileUrl(dir)));
        assertEquals(1, e.getMessage().lines().count());
        assertTrue(e.getMessage().endsWith("with: nas restore " + newest + " --db " + Fixtures.fileUrl(dir)), e.getMessage());

        assertEquals(List.of("exp"), backups.restore(newest));
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            assertEquals("exp", store.require("exp").name());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("db.mv.db.replaced-")), "the replaced file is kept");
        }
        var notZip = Files.writeString(dir.resolve("notes.zip"), "hello");
        assertTrue(assertThrows(UserError.class, () -> backups.restore(notZip)).getMessage().contains("is not a nas4j backup"));
    }

    @Test
    void aUrlThatIsNotH2IsRefusedWithTheForms() {
        var e = assertThrows(UserError.class, () -> NasStore.open("jdbc:postgresql://localhost/nas"));
        assertTrue(e.getMessage().contains("jdbc:h2:file:/path/name, jdbc:h2:tcp://host/name or jdbc:h2:mem:name"), e.getMessage());
    }

    @Test
    void anUnnamedMemoryDatabaseIsOneDatabaseForEveryPooledConnection() {
        try (var store = NasStore.open("jdbc:h2:mem:")) {
            store.createExperiment("exp", "", "{}", null, "random", 1, 1);
            for (int i = 0; i < 20; i++) {
                assertEquals("exp", store.queries().experiment("exp").orElseThrow().experiment().name());
            }
        }
        try (var other = NasStore.open("jdbc:h2:mem:")) {
            assertTrue(other.experiments().isEmpty(), "each unnamed one is new");
        }
    }

    @Test
    void theDefaultUrlIsAnAutoServerFileInTheDataFolder() {
        String url = Database.defaultUrl();
        assertTrue(url.startsWith("jdbc:h2:file:" + Database.home().toAbsolutePath()), url);
        assertTrue(url.endsWith("/nas4j;AUTO_SERVER=TRUE"), url);
        assertEquals(url + ";WRITE_DELAY=0", H2Url.parse(url).effective());
        assertEquals("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE;WRITE_DELAY=0", H2Url.parse("jdbc:h2:file:/x/db").effective());
        assertEquals("jdbc:h2:/x/db;AUTO_SERVER=FALSE;WRITE_DELAY=0", H2Url.parse("jdbc:h2:/x/db;AUTO_SERVER=FALSE").effective());
        assertEquals("jdbc:h2:/x/db;WRITE_DELAY=100;AUTO_SERVER=TRUE", H2Url.parse("jdbc:h2:/x/db;WRITE_DELAY=100").effective());
        assertEquals("jdbc:h2:tcp://host/db", H2Url.parse("jdbc:h2:tcp://host/db").effective());
    }
}
