package org.nas4j.daemon.search;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.nas4j.controller.Proposals;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochListener;
import org.nas4j.core.Provenance;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialLostException;
import org.nas4j.core.TrialResult;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;
import org.nas4j.store.StrategyCheckpoint;

/**
 * The search: ask the strategy, record the trial, evaluate it on one of {@code concurrency} threads,
 * tell the strategy, record the result with the strategy's new state in one transaction (and a proposed trial with
 * the state after proposing it), so that after any kill the restored strategy has seen exactly the stored trials. Stops at the budget, on {@link #stop()}, or after
 * {@value #MAX_CONSECUTIVE_FAILURES} failed trials in a row. An architecture already evaluated is not
 * trained again: its stored reward is told to the strategy. A trial whose evaluator lost it
 * ({@link TrialLostException}) goes back to PENDING and to the front of the queue, up to {@value #MAX_RETRIES}
 * times per run, then fails with reason {@code lost}. Thread-safe controls; {@link #run()} once.
 */
public final class SearchLoop implements SearchControl {
    static final int MAX_CONSECUTIVE_FAILURES = 10;
    static final int MAX_REPEATS = 10_000;
    static final int MAX_RETRIES = 3;

    /** What the loop reports as it goes (a progress line, the dashboard). */
    public interface Progress {
        /** Called by the loop's thread at every turn of the loop. */
        void update(int finished, int budget, double best, double elapsedSeconds);

        /** Called from a trial's thread after each of its epochs. */
        default void epoch(Trial trial, EpochMetrics metrics) {
        }
    }

    private final SearchStrategy strategy;
    private final Evaluator evaluator;
    private final Journal journal;
    private final Budget budget;
    private final int concurrency;
    private final Objective objective;
    private final LongSupplier nanoTime;
    private final Progress progress;
    private volatile boolean stopping;
    private volatile boolean paused;
    private Proposals proposals; // the strategy's side of each step; owned by run()'s thread

    public SearchLoop(SearchStrategy strategy, Evaluator evaluator, Journal journal, Budget budget, int concurrency,
                      Objective objective, LongSupplier nanoTime, Progress progress) {
        this.strategy = strategy;
        this.evaluator = evaluator;
        this.journal = journal;
        this.budget = budget;
        this.concurrency = concurrency;
        this.objective = objective;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    /** Stops scheduling; running trials are interrupted and go back to PENDING. */
    @Override
    public void stop() {
        stopping = true;
    }

    /**
     * Pauses (true) or resumes (false) the search: while paused no new trial starts, running ones finish and are
     * recorded, and the experiment's status says {@code paused}.
     */
    @Override
    public void pause(boolean pause) {
        paused = pause;
    }

    /**
     * Nanoseconds the search has been at work: time while paused with no trial running (idle) does not count
     * against a time budget or the stored running time. Owned by {@link #run}'s thread.
     */
    private final class ActiveClock {
        private final long start = nanoTime.getAsLong();
        private long idle;
        private long idleSince = -1;

        void idle(boolean now) {
            long t = nanoTime.getAsLong();
            if (now && idleSince < 0) {
                idleSince = t;
            } else if (!now && idleSince >= 0) {
                idle += t - idleSince;
                idleSince = -1;
            }
        }

        long active() {
            long t = nanoTime.getAsLong();
            return t - start - idle - (idleSince >= 0 ? t - idleSince : 0);
        }
    }

    /** Runs until the budget is spent or {@link #stop()}; returns the final status. */
    public ExperimentStatus run() throws InterruptedException {
        var clock = new ActiveClock();
        long saved = 0;
        double before = journal.elapsedBefore();
        Deque<Trial> queue = new ArrayDeque<>(journal.restart());
        proposals = new Proposals(strategy, journal.tells());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "trial");
            t.setDaemon(true);
            return t;
        });
        CompletionService<TrialResult> done = new ExecutorCompletionService<>(pool);
        Map<Future<TrialResult>, Trial> running = new HashMap<>();
        Set<String> claimed = new HashSet<>(); // keys of trials queued or running
        queue.forEach(t -> claimed.add(t.architecture().key()));
        Map<Long, Integer> retries = new HashMap<>();
        int finished = journal.finishedCount();
        double best = journal.bestReward();
        int failuresInARow = 0;
        ExperimentStatus status = ExperimentStatus.FAILED; // unless the loop ends normally
        boolean shownPaused = paused;
        journal.status(shownPaused ? ExperimentStatus.PAUSED : ExperimentStatus.RUNNING);
        try {
            while (true) {
                if (paused != shownPaused && !stopping) {
                    shownPaused = paused;
                    journal.status(shownPaused ? ExperimentStatus.PAUSED : ExperimentStatus.RUNNING);
                }
                clock.idle(paused && running.isEmpty());
                double elapsed = before + clock.active() / 1e9;
                progress.update(finished, budget.trials(), best, elapsed);
                boolean spent = finished >= budget.trials() || elapsed >= budget.seconds() || best >= budget.target();
                if (stopping || (spent && running.isEmpty())) {
                    if (stopping) {
                        journal.status(ExperimentStatus.STOPPING); // until the running trials are interrupted
                    }
                    status = stopping ? ExperimentStatus.STOPPED : ExperimentStatus.FINISHED;
                    break;
                }
                while (!stopping && !paused && !spent && running.size() < concurrency
                        && finished + running.size() < budget.trials()) {
                    Trial trial = queue.isEmpty() ? next(claimed) : queue.poll();
                    claimed.add(trial.architecture().key());
                    journal.running(trial);
                    running.put(done.submit(() -> evaluator.evaluate(trial, listener())), trial);
                }
                Future<TrialResult> f = done.poll(200, TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                Trial trial = running.remove(f);
                TrialResult result;
                try {
                    result = result(f);
                } catch (TrialLostException lost) {
                    int attempt = retries.merge(trial.id(), 1, Integer::sum);
                    if (attempt <= MAX_RETRIES) {
                        journal.interrupted(trial);
                        journal.event(trial, "trial lost (" + lost.getMessage() + "); back to PENDING, retry "
                                + attempt + " of " + MAX_RETRIES);
                        queue.addFirst(trial);
                        continue;
                    }
                    result = TrialResult.failed(StopReason.LOST, "lost " + attempt + " times; last: " + lost.getMessage(),
                            List.of());
                } catch (RuntimeException broken) {
                    journal.interrupted(trial); // the evaluator is broken, not the trial: it runs again on resume
                    throw broken;
                }
                proposals.tell(trial.architecture(), objective.reward(result));
                journal.finished(trial, result, checkpoint());
                claimed.remove(trial.architecture().key());
                finished++;
                boolean failed = result.state() == TrialState.FAILED;
                if (result.state().ranked()) {
                    best = Double.isNaN(best) ? result.bestValidationAccuracy() : Math.max(best, result.bestValidationAccuracy());
                }
                long now = clock.active();
                journal.addElapsed((now - saved) / 1e9);
                saved = now;
                failuresInARow = failed ? failuresInARow + 1 : 0;
                if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
                    status = ExperimentStatus.FAILED;
                    journal.event(null, MAX_CONSECUTIVE_FAILURES + " trials failed in a row; the search stops: "
                            + "see the trials' errors (last: " + result.error() + ")");
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            for (Trial t : running.values()) {
                journal.interrupted(t);
            }
            pool.awaitTermination(30, TimeUnit.SECONDS);
            journal.addElapsed((clock.active() - saved) / 1e9);
            journal.status(status);
        }
        return status;
    }

    /** A new trial from the strategy; repeats of evaluated architectures are answered from the journal. */
    private Trial next(Set<String> claimed) {
        Architecture a = proposals.next(journal::rewardOf, claimed::contains, MAX_REPEATS).orElseThrow(() -> new UserError(
                "the strategy proposed only architectures already evaluated " + MAX_REPEATS
                + " times in a row: the space looks exhausted; lower budget.trials"));
        return journal.add(a, checkpoint());
    }

    /** The strategy's state now, with the policy steps it took since the last one. */
    private StrategyCheckpoint checkpoint() {
        return new StrategyCheckpoint(proposals.tells(), strategy.snapshot(), strategy.takePolicySteps());
    }

    private EpochListener listener() {
        return new EpochListener() {
            @Override
            public boolean onEpoch(Trial trial, EpochMetrics metrics) {
                journal.epoch(trial, metrics);
                progress.epoch(trial, metrics);
                return true; // on stop, trials are interrupted and go back to PENDING, not pruned
            }

            @Override
            public void onEvent(Trial trial, String message) {
                journal.event(trial, message);
            }

            @Override
            public void ranOn(Trial trial, Provenance where) {
                journal.ranOn(trial, where);
            }
        };
    }

    private static TrialResult result(Future<TrialResult> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UserError u) {
                throw u;
            }
            if (cause instanceof TrialLostException lost) {
                throw lost;
            }
            throw new IllegalStateException("the evaluator failed: " + cause, cause);
        }
    }
}
