package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;

/**
 * A database written by an earlier nas4j, committed as it was: nas4j 0.1.0 on H2 2.2.220 (file format 3, schema 5),
 * a finished 12-trial REINFORCE search of NAS-Bench-Macro. The current nas4j opens it and reads everything it held.
 */
class OldDatabaseTest {
    @Test
    void aDatabaseOfNas4j010OnH2_2_2_220OpensWithEveryTrialCheckpointAndPolicyStep(@TempDir Path dir) throws Exception {
        try (var in = OldDatabaseTest.class.getResourceAsStream("/compat/nas4j-0.1.0-h2-2.2.220.mv.db")) {
            Files.copy(in, dir.resolve("db.mv.db"));
        }
        assertTrue(Files.readString(dir.resolve("db.mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("H:2,"),
                "an H2 2.x file");
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            assertEquals(List.of("old-macro"), store.experiments().stream().map(ExperimentRecord::name).toList());
            var e = store.require("old-macro");
            assertEquals("finished", e.status().id());
            var s = store.summary(e);
            assertEquals(12, s.counts().get(TrialState.COMPLETED));
            assertEquals(92.5967, s.bestReward(), 1e-9);
            assertEquals(12, store.queries().policySteps(e.name()).size());
            var checkpoint = store.checkpoint(e.id()).orElseThrow();
            assertEquals(12, checkpoint.tells());
            assertTrue(checkpoint.state().length > 1000, "the controller's state");
            assertEquals(1, store.curve(store.trials(e.id()).get(0).id()).size());
        }
    }
}
