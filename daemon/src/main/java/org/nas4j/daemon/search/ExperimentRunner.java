package org.nas4j.daemon.search;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.List;
import org.nas4j.controller.Strategies;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.shared.SharedSettings;
import org.nas4j.store.Database;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;

/**
 * Runs (or resumes) a stored experiment from its config as submitted: builds the problem, the strategy
 * (restored from its last checkpoint), the evaluator and the journal, and drives the {@link SearchLoop}
 * until the budget is spent or it is stopped. One per run.
 */
public final class ExperimentRunner {
    private final NasStore store;
    private final ExperimentRecord experiment;
    private final SearchLoop loop;
    private final SharedSearch shared;
    private final Evaluator evaluator;

    /** @param status where a shared-weight search's final training shows its progress */
    public ExperimentRunner(NasStore store, ExperimentRecord experiment, SearchLoop.Progress progress, StatusLine status) {
        this.store = store;
        this.experiment = experiment;
        ConfigNode config = ConfigNode.of(Json.read(experiment.configJson(), "stored config"), experiment.source());
        SearchProblem problem = SearchProblem.from(Path.of(experiment.source()), config);
        SearchStrategy strategy = Strategies.create(config, problem.space(), experiment.seed());
        Path dir = runDirectory(store, experiment.name());
        this.evaluator = problem.evaluator(dir.resolve("logs"), problem.tabular() ? List.of() : store.finishedCurves(experiment.id()));
        Objective objective = Objective.from(config);
        var journal = new StoreJournal(store, experiment, dir.resolve("checkpoints"), objective, !problem.tabular());
        var settings = problem.tabular() ? java.util.Optional.<SharedSettings>empty() : SharedSettings.from(config);
        if (settings.isEmpty()) {
            store.checkpoint(experiment.id()).ifPresent(saved -> strategy.restore(saved.state()));
            this.loop = new SearchLoop(strategy, evaluator, journal, Budget.from(config), problem.concurrency(), objective,
                    System::nanoTime, progress);
            this.shared = null;
        } else {
            SharedSettings s = settings.get();
            Experiment full = Experiment.of(Path.of(experiment.source()), config.with("dataset.train_subset", 0)
                    .with("dataset.validation_subset", 0));
            this.loop = null;
            this.shared = new SharedSearch(store, experiment, s, strategy, full, candidates -> new SearchLoop(
                    new CandidateList(candidates), evaluator, journal, new Budget(candidates.size(), Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY), problem.concurrency(), objective, System::nanoTime, progress),
                    new FinalStep(full, s, exportsDirectory(store), status), System::nanoTime);
        }
    }

    /**
     * Where an experiment's worker logs and trial checkpoints live: beside a file database
     * ({@code <file>-runs/<experiment>}), else under the data folder, per database URL.
     */
    static Path runDirectory(NasStore store, String name) {
        Optional<Path> file = store.file();
        if (file.isPresent()) {
            return Path.of(file.get() + "-runs").resolve(name);
        }
        String url = store.url();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return Database.home().resolve("runs").resolve(HexFormat.of().formatHex(hash, 0, 4)).resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a shared-weight search exports its result: {@code exports/} beside a file database, else in the data folder. */
    static Path exportsDirectory(NasStore store) {
        Path parent = store.file().map(f -> f.toAbsolutePath().getParent()).orElse(null);
        return (parent == null ? Database.home() : parent).resolve("exports");
    }

    /** Stops or pauses the search this runner runs. */
    public SearchControl control() {
        return loop != null ? loop : shared;
    }

    /** Runs to the end; returns the final status (finished, stopped, failed). */
    public ExperimentStatus run(PrintWriter out) throws InterruptedException {
        try {
            ExperimentStatus status = loop != null ? loop.run() : shared.run(out);
            var s = store.summary(store.experiment(experiment.name()).orElseThrow());
            out.printf("%nexperiment %s %s: %d of %d trials, best %s%s%n", experiment.name(), status, s.finished(),
                    experiment.budgetTrials(), Double.isNaN(s.bestReward()) ? "-" : String.format("%.4f", s.bestReward()),
                    s.bestKey() == null ? "" : " (" + s.bestKey() + ")");
            return status;
        } finally {
            evaluator.close();
        }
    }
}
