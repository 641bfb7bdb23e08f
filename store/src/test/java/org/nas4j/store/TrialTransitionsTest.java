package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.store.Fixtures.arch;
import static org.nas4j.store.Fixtures.epoch;
import static org.nas4j.store.Fixtures.result;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;

class TrialTransitionsTest {
    NasStore store;
    long experiment;

    @BeforeEach
    void open() {
        store = NasStore.open("jdbc:h2:mem:");
        experiment = store.createExperiment("exp", "name: exp", "{}", null, "random", 10, 1).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    long running(int i) {
        long id = store.addTrial(experiment, arch(i), i).id();
        store.running(id, null);
        return id;
    }

    @Test
    void eachStopReasonFinishesTheTrialInItsState() {
        int i = 0;
        for (StopReason reason : StopReason.values()) {
            long id = running(i++);
            store.finish(id, result(reason, 0.5, 10, 20, 3));
            assertEquals(reason.state, store.trial(id).orElseThrow().state(), reason.id);
            assertEquals(reason.id, store.trial(id).orElseThrow().stopReason());
        }
    }

    @Test
    void aPendingTrialCanOnlyStartRunning() {
        long id = store.addTrial(experiment, arch(1), 1).id();
        assertThrows(IllegalStateException.class, () -> store.finish(id, result(StopReason.MAX_EPOCHS, 0.5, 1, 1, 1)));
        assertThrows(IllegalStateException.class, () -> store.interrupted(id));
        assertThrows(IllegalStateException.class, () -> store.epoch(id, epoch(1, 0.1)), "epochs only while running");
        store.running(id, null);
        assertThrows(IllegalStateException.class, () -> store.running(id, null), "RUNNING -> RUNNING");
        assertEquals(TrialState.RUNNING, store.trial(id).orElseThrow().state());
    }

    @Test
    void aFinishedTrialCanNeverChangeAgain() {
        for (StopReason reason : List.of(StopReason.MAX_EPOCHS, StopReason.PRUNED, StopReason.DIVERGED)) {
            long id = running(reason.ordinal());
            store.finish(id, result(reason, 0.4, 10, 20, 2));
            TrialRecord before = store.trial(id).orElseThrow();
            var curve = store.curve(id);
            assertThrows(IllegalStateException.class, () -> store.finish(id, result(StopReason.MAX_EPOCHS, 0.9, 1, 1, 1)));
            assertThrows(IllegalStateException.class, () -> store.running(id, null));
            assertThrows(IllegalStateException.class, () -> store.interrupted(id));
            assertThrows(IllegalStateException.class, () -> store.epoch(id, epoch(1, 0.99)));
            assertEquals(before, store.trial(id).orElseThrow());
            assertEquals(curve, store.curve(id));
        }
    }

    @Test
    void aFailedTrialKeepsItsErrorAndHasNoReward() {
        long id = running(3);
        store.finish(id, TrialResult.failed(StopReason.OUT_OF_MEMORY, "out of memory at batch 64", List.of(epoch(1, 0.1))));
        var t = store.trial(id).orElseThrow();
        assertEquals(TrialState.FAILED, t.state());
        assertEquals("out of memory at batch 64", t.error());
        assertTrue(Double.isNaN(t.reward()));
        assertTrue(Double.isNaN(store.summary(store.require("exp")).bestReward()), "a failed trial is never the best");
    }

    @Test
    void aRestartReturnsRunningTrialsToPendingWithTheirEpochsAndCheckpoint() {
        long done = running(1);
        store.finish(done, result(StopReason.MAX_EPOCHS, 0.7, 1, 1, 2));
        long interruptedId = store.addTrial(experiment, arch(2), 2).id();
        store.running(interruptedId, "/runs/2");
        store.epoch(interruptedId, epoch(1, 0.3));
        long waiting = store.addTrial(experiment, arch(3), 3).id();

        List<TrialRecord> pending = store.restart(experiment);
        assertEquals(List.of(interruptedId, waiting), pending.stream().map(TrialRecord::id).toList());
        assertEquals("/runs/2", pending.get(0).checkpointDir());
        assertTrue(pending.get(0).startedAt() != null && pending.get(1).startedAt() == null, "which trials had run");
        assertEquals(List.of(epoch(1, 0.3)), store.curve(interruptedId), "recorded epochs survive");
        assertEquals(TrialState.COMPLETED, store.trial(done).orElseThrow().state());
        store.running(interruptedId, "/runs/2");
        store.epoch(interruptedId, epoch(2, 0.5));
        store.finish(interruptedId, result(StopReason.MAX_EPOCHS, 0.5, 1, 1, 2));
        assertEquals(TrialState.COMPLETED, store.trial(interruptedId).orElseThrow().state());
        assertTrue(store.restart(experiment).stream().allMatch(t -> t.id() == waiting));
    }

    @Test
    void aDuplicateArchitectureIsRefusedInOneExperimentButNotAcrossThem() {
        store.addTrial(experiment, arch(7), 1);
        var e = assertThrows(IllegalStateException.class, () -> store.addTrial(experiment, arch(7), 2));
        assertTrue(e.getMessage().contains(arch(7).key()), e.getMessage());
        long other = store.createExperiment("other", "", "{}", null, "random", 1, 1).id();
        assertEquals(1, store.addTrial(other, arch(7), 1).number());
        assertEquals(2, store.addTrial(experiment, arch(8), 1).number(), "numbers count within an experiment");
        assertEquals(arch(7), store.trial(experiment, arch(7).key()).orElseThrow().architecture());
        assertTrue(store.finished(experiment, arch(7).key()).isEmpty(), "pending is not a result to reuse");
    }

    @Test
    void experimentStatusesFollowTheirTransitionsAndAreTimed() {
        var before = store.require("exp");
        assertNull(before.startedAt());
        var e = assertThrows(IllegalStateException.class, () -> store.status(experiment, ExperimentStatus.FINISHED));
        assertEquals("an experiment cannot go from created to finished", e.getMessage());
        assertThrows(IllegalStateException.class, () -> store.status(experiment, ExperimentStatus.STOPPING), "nor stopping");
        store.status(experiment, ExperimentStatus.RUNNING);
        var started = store.require("exp").startedAt();
        assertTrue(started != null);
        store.status(experiment, ExperimentStatus.PAUSED);
        store.status(experiment, ExperimentStatus.RUNNING);
        store.status(experiment, ExperimentStatus.RUNNING);
        assertEquals(started, store.require("exp").startedAt(), "the first start counts");
        assertNull(store.require("exp").finishedAt());
        store.status(experiment, ExperimentStatus.STOPPING);
        store.status(experiment, ExperimentStatus.STOPPED);
        assertTrue(store.require("exp").finishedAt() != null);
        assertThrows(IllegalStateException.class, () -> store.status(experiment, ExperimentStatus.FINISHED), "an ended one runs first");
        store.status(experiment, ExperimentStatus.RUNNING); // nas resume
        assertNull(store.require("exp").finishedAt(), "running again clears the finish time");
        store.status(experiment, ExperimentStatus.FINISHED);
        assertEquals(ExperimentStatus.FINISHED, store.require("exp").status());
        var unknown = assertThrows(IllegalArgumentException.class, () -> ExperimentStatus.of("done"));
        assertEquals("status must be one of [created, running, paused, stopping, stopped, finished, failed], not done", unknown.getMessage());
    }
}
