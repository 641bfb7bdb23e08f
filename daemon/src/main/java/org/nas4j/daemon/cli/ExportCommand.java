package org.nas4j.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.core.Json;
import org.nas4j.core.TrialState;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialSort;
import org.nas4j.daemon.export.ExportFolder;
import org.nas4j.daemon.export.FinalTraining;
import org.nas4j.daemon.export.Pareto;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.evaluator.Experiment;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas export}: the best architectures of an experiment as files plain DL4J loads. */
@Command(name = "export", description = "Export the top architectures (and the Pareto front) of an experiment; optionally retrain them and test them once.")
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;
    @Parameters(paramLabel = "EXPERIMENT") String experiment;
    @Option(names = "--top", defaultValue = "3", description = "How many of the best trials (default ${DEFAULT-VALUE}).") int top;
    @Option(names = "--out", required = true, description = "Output folder.") Path out;
    @Option(names = "--pareto", description = "Also the accuracy-versus-params Pareto front.") boolean pareto;
    @Option(names = "--retrain", description = "Train each on the full training set, then measure its test accuracy.") boolean retrain;
    @Option(names = "--epochs", description = "Epochs of the final training (default: 3 times the search's).") Integer epochs;
    @Option(names = "--patience", description = "Early-stopping patience of the final training (default: the search's training.patience).") Integer patience;
    @Option(names = "--force", description = "Write into an existing output folder.") boolean force;

    @Override
    public Integer call() throws IOException {
        var printer = spec.commandLine().getOut();
        OptionRange.check("--top", top, 1, StatusCommand.MAX_TOP);
        if (epochs != null) {
            OptionRange.check("--epochs", epochs, 1, 100_000);
        }
        if (patience != null) {
            OptionRange.check("--patience", patience, 1, 100_000);
        }
        try (NasStore store = db.open()) {
            ExperimentRecord e = store.require(experiment);
            ConfigNode config = ConfigNode.of(Json.read(e.configJson(), "stored config"), e.source());
            if (!config.has("space")) {
                throw new UserError("experiment " + e.name() + " searches a tabular benchmark: it has no networks to export");
            }
            var chosen = new LinkedHashMap<Long, TrialRecord>();
            var best = new TrialQuery(0, top, TrialSort.REWARD, true, TrialState.COMPLETED);
            store.trials(e.id(), best).forEach(t -> chosen.put(t.id(), t));
            if (chosen.isEmpty()) {
                throw new UserError("experiment " + e.name() + " has no completed trial yet: nothing to export; run `nas resume " + e.name() + "`");
            }
            if (pareto) {
                var all = store.trials(e.id()).stream().filter(t -> t.state() == TrialState.COMPLETED).toList();
                Pareto.front(all, TrialRecord::params).forEach(t -> chosen.putIfAbsent(t.id(), t));
            }
            if (Files.exists(out) && !force) {
                throw new UserError("output folder " + out + " exists: choose another --out, or add --force to overwrite it");
            }
            Experiment exp = Experiment.of(Path.of(e.source()), config);
            Experiment full = Experiment.of(Path.of(e.source()), config.with("dataset.train_subset", 0).with("dataset.validation_subset", 0));
            if (retrain) {
                full.requireData();
            }
            int finalEpochs = epochs == null ? 3 * exp.training().maxEpochs() : epochs;
            var finalSettings = exp.training().withMaxEpochs(finalEpochs)
                    .withPatience(patience == null ? exp.training().patience() : patience);
            int rank = 0;
            for (TrialRecord t : chosen.values()) {
                Path dir = out.resolve(String.format("%02d-trial-%d", ++rank, t.number()));
                var origin = ExportFolder.Origin.of(e.name(), e.strategy(), t, store.curve(t.id()));
                ExportFolder.write(dir, exp.space(), t.architecture(), exp.training(), exp.seed(), origin, true);
                String line = String.format("%s: trial %d, validation accuracy %.4f, %,d params, %,d FLOPs", dir, t.number(),
                        t.reward(), t.params(), t.flops());
                if (retrain) {
                    FinalTraining.Outcome o = FinalTraining.run(full, exp.space(), t.architecture(), finalSettings, dir,
                            StatusLine.forConsole(printer), "trial " + t.number() + " (" + rank + " of " + chosen.size() + ")", () -> false);
                    store.finalTraining(t.id(), o.training().bestValidationAccuracy(), o.testAccuracy(), o.training().epochsRun(),
                            o.training().trainingSeconds());
                    Files.writeString(dir.resolve("summary.md"), String.format("%n## Final training%n%nFull training set, %d epochs "
                            + "at most (%s after %d): best validation accuracy %.4f; **test accuracy %.4f**. The model is `model.zip`.%n",
                            finalEpochs, o.training().stopReason().id, o.training().epochsRun(),
                            o.training().bestValidationAccuracy(), o.testAccuracy()), StandardOpenOption.APPEND);
                    line += String.format("; retrained: test accuracy %.4f", o.testAccuracy());
                }
                printer.println(line);
            }
            return 0;
        }
    }
}
