package org.nas4j.daemon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.nas4j.core.Json;
import org.nas4j.core.TrialState;
import org.nas4j.core.read.FinalTraining;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialSort;
import org.nas4j.store.ExperimentSummary;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nas status EXPERIMENT}: counts, the best trial and the top trials. */
@Command(name = "status", description = "Show an experiment: trial counts, best trial and the top trials with params and FLOPs.")
final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;
    @Parameters(paramLabel = "EXPERIMENT") String experiment;
    @Option(names = "--json", description = "JSON: name, status, trials {completed, failed, pruned, pending, running}, best {key, reward}, policy_step, top, and final {key, test_accuracy, params, seconds} after a final training.") boolean json;
    @Option(names = "--top", defaultValue = "10", description = "How many top trials (default ${DEFAULT-VALUE}).") int top;

    /** As many as one page of trials holds. */
    static final int MAX_TOP = TrialQuery.MAX_SIZE;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        OptionRange.check("--top", top, 1, MAX_TOP);
        try (NasStore store = db.open()) {
            var e = store.require(experiment);
            ExperimentSummary s = store.summary(e);
            var best = store.trials(e.id(), new TrialQuery(0, top, TrialSort.REWARD, true, TrialState.COMPLETED));
            if (json) {
                ObjectNode node = json(s);
                var epochs = store.shared().epochs(e.id());
                if (!epochs.isEmpty()) {
                    var last = epochs.get(epochs.size() - 1);
                    node.putObject("supernet").put("epochs", epochs.size()).put("steps", last.steps())
                            .put("train_loss", last.trainLoss()).put("mean_reward", last.meanReward())
                            .put("derived", store.shared().derived(e.id()).size());
                }
                var trained = store.queries().finalTrainings(e.name()).stream()
                        .max(java.util.Comparator.comparing(FinalTraining::trainedAt));
                trained.ifPresent(f -> node.putObject("final").put("key", f.key()).put("test_accuracy", f.testAccuracy())
                        .put("params", f.params()).put("seconds", f.seconds()));
                var list = node.putArray("top");
                best.forEach(t -> list.addObject().put("number", t.number()).put("key", t.key()).put("reward", t.reward())
                        .put("params", t.params()).put("flops", t.flops()).put("epochs", t.epochsRun()).put("stop_reason", t.stopReason()));
                out.println(Json.write(node));
                return 0;
            }
            out.printf("experiment %s (%s, %s): %d of %d trials finished — %d completed, %d pruned, %d failed, %d pending, %d running%n",
                    e.name(), e.status(), e.strategy(), s.finished(), e.budgetTrials(), s.counts().get(TrialState.COMPLETED),
                    s.counts().get(TrialState.PRUNED), s.counts().get(TrialState.FAILED), s.counts().get(TrialState.PENDING),
                    s.counts().get(TrialState.RUNNING));
            var epochs = store.shared().epochs(e.id());
            if (!epochs.isEmpty()) {
                var last = epochs.get(epochs.size() - 1);
                out.printf("supernet: %d epochs, %d steps, train loss %.4f, mean reward %.4f; %d derived candidates%n",
                        epochs.size(), last.steps(), last.trainLoss(), last.meanReward(), store.shared().derived(e.id()).size());
            }
            out.printf("%6s %10s %12s %14s %7s %-14s %s%n", "trial", "reward", "params", "FLOPs", "epochs", "stopped", "key");
            for (TrialRecord t : best) {
                out.printf("%6d %10.4f %,12d %,14d %7d %-14s %s%n", t.number(), t.reward(), t.params(), t.flops(),
                        t.epochsRun(), t.stopReason(), t.key());
            }
            return 0;
        }
    }

    static ObjectNode json(ExperimentSummary s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", s.experiment().name());
        node.put("status", s.experiment().status().id());
        node.put("strategy", s.experiment().strategy());
        node.put("budget", s.experiment().budgetTrials());
        node.put("elapsed_seconds", s.experiment().elapsedSeconds());
        ObjectNode trials = node.putObject("trials");
        for (TrialState state : TrialState.values()) {
            trials.put(state.name().toLowerCase(), s.counts().get(state));
        }
        ObjectNode best = node.putObject("best");
        best.put("key", s.bestKey());
        if (Double.isNaN(s.bestReward())) {
            best.putNull("reward");
        } else {
            best.put("reward", s.bestReward());
        }
        node.put("policy_step", s.policyStep());
        return node;
    }
}
