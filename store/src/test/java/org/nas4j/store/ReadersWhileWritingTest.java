package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.store.Fixtures.arch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.nas4j.core.read.TrialSort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialState;

/**
 * Reader threads query a file database while a writer runs trials epoch by epoch: every read is one
 * consistent snapshot, so counts never go down, a page agrees with its total, and no curve has a gap.
 */
class ReadersWhileWritingTest {
    static final int TRIALS = 60;
    static final int EPOCHS = 5;

    @Test
    void readersSeeCountsThatNeverGoDownAndCurvesWithoutGaps(@TempDir Path dir) throws Exception {
        try (var store = NasStore.open(Fixtures.fileUrl(dir))) {
            long experiment = store.createExperiment("exp", "", "{}", null, "random", TRIALS, 1).id();
            StoreQueries queries = store.queries();
            var done = new AtomicBoolean();
            var problems = new CopyOnWriteArrayList<String>();
            var reads = new AtomicInteger();
            var readers = new ArrayList<Thread>();
            for (int r = 0; r < 2; r++) {
                readers.add(new Thread(() -> {
                    int lastFinished = 0;
                    int lastTotal = 0;
                    while (!done.get() && problems.isEmpty()) {
                        ExperimentSummary s = queries.experiment("exp").orElseThrow();
                        int total = s.counts().values().stream().mapToInt(Integer::intValue).sum();
                        if (s.finished() < lastFinished || total < lastTotal) {
                            problems.add("counts went down: finished " + lastFinished + " -> " + s.finished());
                        }
                        lastFinished = s.finished();
                        lastTotal = total;
                        TrialPage page = queries.trials("exp", new TrialQuery(0, 20, TrialSort.ID, true, null));
                        if (page.total() < total || page.trials().size() != Math.min(20, page.total())) {
                            problems.add("page of " + page.trials().size() + " with total " + page.total() + " after " + total);
                        }
                        var ids = page.trials().stream().map(TrialRow::id).toList();
                        var curves = queries.curves(ids);
                        for (TrialRow t : page.trials()) {
                            List<EpochMetrics> curve = curves.get(t.id());
                            for (int i = 0; i < curve.size(); i++) {
                                if (curve.get(i).epoch() != i + 1) {
                                    problems.add("trial " + t.number() + " has a gap before epoch " + curve.get(i).epoch());
                                }
                            }
                            TrialDetail d = queries.trial(t.id()).orElseThrow();
                            if (d.trial().state() == TrialState.COMPLETED && d.curve().size() != EPOCHS) {
                                problems.add("trial " + t.number() + " is completed with " + d.curve().size() + " epochs");
                            }
                        }
                        reads.incrementAndGet();
                    }
                }));
            }
            readers.forEach(Thread::start);
            for (int i = 0; i < TRIALS; i++) {
                long id = store.addTrial(experiment, arch(i), i).id();
                store.running(id, null);
                for (int e = 1; e <= EPOCHS; e++) {
                    store.epoch(id, Fixtures.epoch(e, 0.1 * e));
                }
                store.finish(id, Fixtures.result(StopReason.MAX_EPOCHS, 0.5, 10, 10, EPOCHS));
            }
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertEquals(List.of(), problems);
            assertTrue(reads.get() > 0);
            assertEquals(TRIALS, queries.experiment("exp").orElseThrow().counts().get(TrialState.COMPLETED));
        }
    }
}
