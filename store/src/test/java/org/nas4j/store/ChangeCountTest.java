package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.store.Fixtures.arch;
import static org.nas4j.store.Fixtures.result;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.StopReason;

/** The dashboard's change counter grows with every write a page shows, and only with those of its experiment. */
class ChangeCountTest {
    @Test
    void everyWriteThePagesShowMovesTheCounterForward() {
        try (NasStore store = NasStore.open("jdbc:h2:mem:")) {
            long e = store.createExperiment("exp", "name: exp", "{}", null, "random", 10, 1).id();
            store.createExperiment("other", "name: other", "{}", null, "random", 10, 1);
            var q = store.queries();
            long[] last = {q.changeCount("exp")};
            long other = q.changeCount("other");
            Runnable moved = () -> {
                long now = q.changeCount("exp");
                assertTrue(now > last[0], now + " after " + last[0]);
                last[0] = now;
            };
            long t = store.addTrial(e, arch(1), 1).id();
            moved.run();
            store.running(t, null);
            moved.run();
            store.epoch(t, new EpochMetrics(1, 1, 1, 0.5, 1, 1));
            moved.run();
            store.epoch(t, new EpochMetrics(2, 1, 1, 0.6, 1, 1));
            moved.run();
            store.interrupted(t);
            moved.run();
            store.restart(e);
            moved.run();
            store.running(t, null);
            moved.run();
            store.ranOn(t, new org.nas4j.core.Provenance("worker process 1", "h", "cpu", 1, "0.1.0", "1.0.0-M2.1"));
            moved.run();
            store.finish(t, result(StopReason.MAX_EPOCHS, 0.7, 100, 1000, 2));
            moved.run();
            store.finalTraining(t, 0.8, 0.75, 9, 10);
            moved.run();
            store.policyStep(e, new PolicyStep(1, 0.5, 0.4, 0.1, 1.0, 0.2));
            moved.run();
            store.event(e, null, "info", "hello");
            moved.run();
            store.status(e, org.nas4j.core.ExperimentStatus.PAUSED);
            moved.run();
            store.addElapsed(e, 1.5);
            moved.run();
            assertEquals(other, q.changeCount("other"), "another experiment's writes do not move it");
            assertThrows(NoSuchElementException.class, () -> q.changeCount("nope"));
        }
    }
}
