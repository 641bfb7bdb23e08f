package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.store.Fixtures.arch;
import static org.nas4j.store.Fixtures.result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialPage;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.nas4j.core.read.TrialSort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;

/** The dashboard's queries on 2,000 trials in every state, checked against the same sort done in Java. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreQueriesTest {
    static final int TRIALS = 2000;
    NasStore store;
    StoreQueries queries;
    long experiment;
    List<TrialRow> all;

    @BeforeAll
    void fill() {
        store = NasStore.open("jdbc:h2:mem:");
        queries = store.queries();
        experiment = store.createExperiment("exp", "name: exp", "{}", null, "reinforce", TRIALS, 1).id();
        store.createExperiment("empty", "name: empty", "{}", null, "random", 5, 1);
        for (int i = 0; i < TRIALS; i++) {
            long id = store.addTrial(experiment, arch(i), i).id();
            int kind = i % 5;
            if (kind == 0) {
                continue; // PENDING
            }
            store.running(id, null);
            double reward = (i * 37 % 100) / 100.0; // many ties
            switch (kind) {
                case 2 -> store.finish(id, result(StopReason.MAX_EPOCHS, reward, i * 7919L % 100_000, i * 104_729L % 1_000_000, 3));
                case 3 -> store.finish(id, result(StopReason.PRUNED, reward, i * 7919L % 100_000, i * 104_729L % 1_000_000, 1));
                case 4 -> store.finish(id, TrialResult.failed(StopReason.DIVERGED, "loss is NaN", List.of()));
                default -> { } // RUNNING
            }
        }
        for (int s = 1; s <= 30; s++) {
            store.policyStep(experiment, new PolicyStep(s, s / 100.0, s / 200.0, 0.01, 2.0 - s / 30.0, 0.5));
        }
        for (int n = 0; n < 25; n++) {
            store.event(experiment, n == 0 ? null : (long) n, "info", "event " + n);
        }
        all = queries.points("exp");
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void everySortDirectionAndStateFilterPagesLikeTheSameSortInJava() {
        List<TrialState> filters = new ArrayList<>(List.of(TrialState.values()));
        filters.add(null);
        for (TrialSort sort : TrialSort.values()) {
            for (boolean descending : List.of(false, true)) {
                for (TrialState state : filters) {
                    List<Long> expected = expected(sort, descending, state);
                    var seen = new ArrayList<Long>();
                    for (int page = 0; ; page++) {
                        TrialPage p = queries.trials("exp", new TrialQuery(page, 250, sort, descending, state));
                        assertEquals(expected.size(), p.total(), sort + " " + state);
                        if (p.trials().isEmpty()) {
                            break;
                        }
                        assertTrue(p.trials().size() <= 250);
                        p.trials().forEach(t -> seen.add(t.id()));
                    }
                    assertEquals(expected, seen, "sort " + sort + (descending ? " desc" : "") + ", state " + state);
                }
            }
        }
    }

    /** The order the page query promises: the column (nulls lowest), then id, all in the direction asked. */
    private List<Long> expected(TrialSort sort, boolean descending, TrialState state) {
        Function<TrialRow, Comparable> column = switch (sort) {
            case ID -> TrialRow::id;
            case REWARD -> p -> Double.isNaN(p.reward()) ? null : p.reward();
            case PARAMS -> p -> p.state().finished() ? p.params() : null;
            case FLOPS -> p -> p.state().finished() ? p.flops() : null;
            case CREATED -> TrialRow::createdAt;
        };
        Comparator<Comparable> values = Comparator.nullsFirst(Comparator.<Comparable>naturalOrder());
        Comparator<TrialRow> order = Comparator.comparing(column, values);
        order = order.thenComparing(Comparator.comparingLong(TrialRow::id));
        Comparator<TrialRow> asked = descending ? order.reversed() : order;
        return all.stream().filter(p -> state == null || p.state() == state).sorted(asked).map(TrialRow::id).toList();
    }

    @Test
    void theSummaryCountsEveryStateAndNamesTheBestTrial() {
        ExperimentSummary s = queries.experiment("exp").orElseThrow();
        assertEquals(Map.of(TrialState.PENDING, 400, TrialState.RUNNING, 400, TrialState.COMPLETED, 400, TrialState.PRUNED, 400,
                TrialState.FAILED, 400), s.counts());
        assertEquals(0.99, s.bestReward());
        TrialRow best = all.stream().filter(p -> p.reward() == 0.99).min(Comparator.comparing(TrialRow::id)).orElseThrow();
        assertEquals(best.key(), s.bestKey());
        assertEquals(best.id(), s.bestTrialId());
        assertEquals(30, s.policyStep());
        assertEquals(List.of("exp", "empty"), queries.experiments().stream().map(e -> e.experiment().name()).toList());
        ExperimentSummary empty = queries.experiment("empty").orElseThrow();
        assertEquals(0, empty.finished());
        assertTrue(Double.isNaN(empty.bestReward()) && empty.bestKey() == null && empty.policyStep() == 0);
        assertTrue(queries.experiment("nope").isEmpty());
    }

    @Test
    void pointsSinceGiveTheNewerTrialsAndTheAskedOnesByIdAndTheRecordAlone() {
        long after = all.get(TRIALS - 10).id();
        List<Long> asked = List.of(all.get(3).id(), all.get(0).id());
        var since = queries.pointsSince("exp", after, asked);
        var expected = new ArrayList<TrialRow>(List.of(all.get(0), all.get(3)));
        expected.addAll(all.subList(TRIALS - 9, TRIALS));
        assertEquals(expected, since);
        assertEquals(all, queries.pointsSince("exp", 0, List.of()));
        assertEquals(List.of(), queries.pointsSince("empty", 0, List.of(all.get(0).id())), "another experiment's trials are not given");
        assertEquals("exp", queries.experimentRecord("exp").orElseThrow().name());
        assertEquals(List.of("exp", "empty"), queries.experimentRecords().stream().map(ExperimentRecord::name).toList());
        assertTrue(queries.experimentRecord("nope").isEmpty());
        assertThrows(NoSuchElementException.class, () -> queries.pointsSince("nope", 0, List.of()));
    }

    @Test
    void aTrialComesWithItsCurveAndCurvesComeForManyTrials() {
        TrialRow completed = all.stream().filter(p -> p.state() == TrialState.COMPLETED).findFirst().orElseThrow();
        TrialDetail d = queries.trial(completed.id()).orElseThrow();
        assertEquals(arch((int) completed.id() - 1), d.architecture());
        assertEquals("exp", d.experiment());
        assertEquals(completed, d.trial());
        assertEquals(Fixtures.curve(3, completed.reward()), d.curve());
        assertTrue(queries.trial(999_999).isEmpty());

        List<Long> ids = all.stream().limit(10).map(TrialRow::id).toList();
        var curves = queries.curves(ids);
        assertEquals(ids, List.copyOf(curves.keySet()));
        for (TrialRow p : all.subList(0, 10)) {
            int epochs = switch (p.state()) {
                case COMPLETED -> 3;
                case PRUNED -> 1;
                default -> 0;
            };
            assertEquals(epochs, curves.get(p.id()).size(), p.state().toString());
        }
        assertEquals(List.of(), queries.curves(List.of(999_999L)).get(999_999L));
        var tooMany = LongStream.range(0, StoreQueries.MAX_CURVES + 1).boxed().toList();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> queries.curves(tooMany)).getMessage().startsWith("trial ids"));
    }

    @Test
    void policyStepsAndEventsComeInOrder() {
        var steps = queries.policySteps("exp");
        assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), steps.stream().map(PolicyStep::step).toList());
        var latest = queries.events("exp", 0, 10);
        assertEquals(List.of("event 15", "event 16", "event 17", "event 18", "event 19", "event 20", "event 21", "event 22",
                "event 23", "event 24"), latest.stream().map(EventRecord::message).toList());
        long last = latest.get(7).id();
        assertEquals(List.of("event 23", "event 24"), queries.events("exp", last, 10).stream().map(EventRecord::message).toList());
        assertEquals(List.of(), queries.events("empty", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> queries.events("exp", 0, 0));
    }

    @Test
    void anUnknownExperimentIsNoSuchElement() {
        assertThrows(NoSuchElementException.class, () -> queries.trials("nope", new TrialQuery(0, 10, TrialSort.ID, true, null)));
        assertThrows(NoSuchElementException.class, () -> queries.points("nope"));
        assertThrows(NoSuchElementException.class, () -> queries.policySteps("nope"));
        var e = assertThrows(NoSuchElementException.class, () -> queries.events("nope", 0, 5));
        assertEquals("there is no experiment 'nope'", e.getMessage());
    }

    @Test
    void aBadQueryIsRefusedByNameAndAPageBeyondTheLastIsEmpty() {
        assertRefused("page must be 0 or more, not -1", () -> new TrialQuery(-1, 10, TrialSort.ID, false, null));
        assertRefused("size must be from 1 to 500, not 0", () -> new TrialQuery(0, 0, TrialSort.ID, false, null));
        assertRefused("size must be from 1 to 500, not 501", () -> new TrialQuery(0, 501, TrialSort.ID, false, null));
        assertRefused("sort must be one of [id, reward, params, flops, created]", () -> new TrialQuery(0, 10, null, false, null));
        TrialPage beyond = queries.trials("exp", new TrialQuery(1000, 50, TrialSort.ID, false, null));
        assertEquals(List.of(), beyond.trials());
        assertEquals(TRIALS, beyond.total());
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
