package org.nas4j.daemon.search;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.daemon.export.ExportFolder;
import org.nas4j.daemon.export.FinalTraining;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.shared.SharedSettings;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.SharedRuns;
import org.nas4j.store.TrialRecord;

/**
 * The end of a shared-weight search: the best derived candidate by its stand-alone trial (the highest reward of one
 * that did not fail) is exported and trained on the full training split with early stopping on the validation split;
 * the test split is touched once, at the end. Writes architecture.json, dl4j-config.json, summary.md, model.zip,
 * normalization.json and final-training.json under {@code exports/<experiment>}; a final training already stored
 * is not run again.
 */
public final class FinalStep {
    private final Experiment full;
    private final SharedSettings settings;
    private final Path exports;
    private final StatusLine progress;

    public FinalStep(Experiment full, SharedSettings settings, Path exports, StatusLine progress) {
        this.full = full;
        this.settings = settings;
        this.exports = exports;
        this.progress = progress;
    }

    /**
     * Returns false when no candidate trained (all failed).
     *
     * @param stop ends the final training early: {@link org.nas4j.evaluator.train.Trainer.Stopped} is thrown and
     *             nothing is stored, so a resume trains it again
     */
    public boolean run(NasStore store, ExperimentRecord e, PrintWriter out, BooleanSupplier stop) {
        var best = store.shared().derived(e.id()).stream()
                .filter(c -> !Double.isNaN(c.standaloneAccuracy()) && !"FAILED".equals(c.state()))
                .max(Comparator.comparingDouble(SharedRuns.Candidate::standaloneAccuracy));
        if (best.isEmpty()) {
            store.event(e.id(), null, "error", "every derived candidate failed its stand-alone trial: see their errors");
            out.println("every derived candidate failed its stand-alone trial: see their errors with nas status " + e.name());
            return false;
        }
        TrialRecord t = store.trial(e.id(), best.get().key()).orElseThrow();
        Path dir = exports.resolve(e.name());
        if (settings.finalEpochs() == 0 || store.queries().finalTraining(t.id()).isPresent()) {
            out.printf("best architecture %s (trial %d, validation accuracy %.4f)%n", t.key(), t.number(), t.reward());
            return true;
        }
        Architecture a = Architecture.fromJson(Json.read(best.get().architectureJson(), "derived candidate"), "derived candidate");
        var training = full.training().withMaxEpochs(settings.finalEpochs()).withPatience(settings.finalPatience());
        var origin = ExportFolder.Origin.of(e.name(), e.strategy() + " with shared weights", t, store.curve(t.id()));
        var net = ExportFolder.write(dir, full.space(), a, training, full.seed(), origin, true);
        out.printf("final training of %s (trial %d, %,d parameters) on the full training split, up to %d epochs%n", t.key(),
                t.number(), net.params(), settings.finalEpochs());
        out.flush();
        FinalTraining.Outcome o = FinalTraining.run(full, full.space(), a, training, dir, progress, "final training", stop);
        store.finalTraining(t.id(), o.training().bestValidationAccuracy(), o.testAccuracy(), o.training().epochsRun(),
                o.training().trainingSeconds());
        out.printf("best architecture %s: %,d parameters, validation accuracy %.4f, test accuracy %.4f after %d epochs "
                        + "(%.0f s); exported to %s%n", t.key(), net.params(), o.training().bestValidationAccuracy(),
                o.testAccuracy(), o.training().epochsRun(), o.training().trainingSeconds(), dir);
        return true;
    }
}
