package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.core.Architecture;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.export.ExportFolder;
import org.nas4j.daemon.export.FinalTraining;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.evaluator.Experiment;
import org.nas4j.space.CnnSearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas train}: train any architecture file with an experiment's data and settings, then test it once. */
@Command(name = "train", description = "Train an architecture file on the full training split and report its test accuracy.")
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--arch", required = true, description = "Architecture file (architecture.json, or a line of `nas space sample --json`).") Path arch;
    @Option(names = "--config", required = true, description = "Experiment file: dataset, training settings, and the space if the architecture file carries none.") Path config;
    @Option(names = "--epochs", description = "Maximum epochs (default: the experiment's training.max_epochs).") Integer epochs;
    @Option(names = "--patience", description = "Epochs without improvement before early stopping (default: the experiment's training.patience).") Integer patience;
    @Option(names = "--out", defaultValue = "trained", description = "Output folder (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--force", description = "Overwrite the output folder if it exists.") boolean force;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (epochs != null) {
            OptionRange.check("--epochs", epochs, 1, 100_000);
        }
        if (patience != null) {
            OptionRange.check("--patience", patience, 1, 100_000);
        }
        var json = Architecture.readJson(arch);
        CnnSearchSpace space = CnnSearchSpace.forArchitecture(json, arch.toString(), config);
        ConfigNode c = ConfigNode.load(config).with("space", space.config().toJson())
                .with("dataset.train_subset", 0).with("dataset.validation_subset", 0);
        Experiment experiment = Experiment.of(config, c).requireData();
        Architecture architecture = space.decisions().validate(Architecture.fromJson(json, arch.toString()));
        var training = experiment.training();
        int maxEpochs = epochs == null ? training.maxEpochs() : epochs;
        training = training.withMaxEpochs(maxEpochs).withPatience(patience == null ? training.patience() : patience);
        ExportFolder.write(this.out, space, architecture, training, experiment.seed(), null, force);
        out.printf("training %s for up to %d epochs on %s%n", architecture.key(), maxEpochs, experiment.name());
        FinalTraining.Outcome o = FinalTraining.run(experiment, space, architecture, training, this.out,
                StatusLine.forConsole(out), "training", () -> false);
        out.printf("best validation accuracy %.4f at epoch %d (%s); test accuracy %.4f%nmodel: %s%n",
                o.training().bestValidationAccuracy(), o.training().bestEpoch(), o.training().stopReason().id,
                o.testAccuracy(), o.model());
        return 0;
    }
}
