package org.nas4j.daemon.cli;

import java.util.concurrent.Callable;
import org.nas4j.core.ExperimentName;
import org.nas4j.core.Json;
import org.nas4j.daemon.search.ProgressLine;
import org.nas4j.store.ExperimentSummary;
import org.nas4j.store.NasStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas list}: the experiments of a store. */
@Command(name = "list", description = "List experiments: status, trials done / budget, best validation accuracy, running time.")
final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;
    @Option(names = "--json", description = "One JSON array.") boolean json;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (NasStore store = db.open()) {
            var summaries = store.experiments().stream().map(store::summary).toList();
            if (json) {
                var array = Json.MAPPER.createArrayNode();
                summaries.forEach(s -> array.add(StatusCommand.json(s)));
                out.println(Json.write(array));
                return 0;
            }
            out.printf("%-24s %-10s %-10s %14s %10s %10s%n", "experiment", "status", "strategy", "trials/budget", "best", "time");
            for (ExperimentSummary s : summaries) {
                out.printf("%-24s %-10s %-10s %14s %10s %10s%n", ExperimentName.printable(s.experiment().name(), 100), s.experiment().status(),
                        s.experiment().strategy(), s.finished() + "/" + s.experiment().budgetTrials(),
                        Double.isNaN(s.bestReward()) ? "-" : String.format("%.4f", s.bestReward()),
                        ProgressLine.clock(s.experiment().elapsedSeconds()));
            }
            return 0;
        }
    }
}
