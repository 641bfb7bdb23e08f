package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.ExperimentName;
import org.nas4j.core.Json;
import org.nas4j.core.UserFiles;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.Budget;
import org.nas4j.daemon.search.ExperimentRunner;
import org.nas4j.daemon.search.ProgressLine;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.controller.Strategies;
import org.nas4j.daemon.web.LoopControls;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code nas search} and {@code nas resume}: run a search until its budget is spent; Ctrl-C stops it cleanly. */
final class SearchCommand {
    private SearchCommand() {}

    @Command(name = "search", description = "Start a search (or resume it, when the experiment exists).")
    static final class Start implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DbOption db;
        @Mixin WebOptions.ForSearch web;
        @Mixin BackupSchedule backups;
        @Option(names = "--config", required = true, description = "Experiment file (YAML or JSON).") Path config;
        @Option(names = "--name", description = "Experiment name (default: the file's name field).") String name;

        @Override
        public Integer call() throws Exception {
            String text = UserFiles.read(config, "experiment file", "give the path of a .yaml or .json file (see examples/)");
            ConfigNode node = ConfigNode.load(config);
            if (name != null) {
                node = node.with("name", name);
            }
            String experiment = ExperimentName.check(node.getString("name", "experiment"),
                    name != null ? "--name" : "the name field of " + config);
            SearchProblem.from(config, node); // validates every section, and the dataset, before anything is stored
            backups.check();
            if (!web.noWeb) {
                web.check();
            }
            String json = Json.write(node.json());
            String source = config.toAbsolutePath().toString();
            try (NasStore store = db.open()) {
                var existing = store.experiment(experiment);
                var out = spec.commandLine().getOut();
                if (existing.isPresent()) {
                    ExperimentRecord e = existing.get();
                    var replaced = e.configJson().equals(json) ? Optional.<ExperimentRecord>empty() : store.replaceUnstarted(e.id(),
                            text, json, source, Strategies.name(node), Budget.from(node).trials(), node.getLong("seed", 0));
                    if (replaced.isPresent()) {
                        out.printf("experiment %s in %s never ran: its stored config is replaced by %s%n", experiment, store.url(), config);
                        return run(store, replaced.get(), spec, web, backups);
                    }
                    out.printf("experiment %s exists in %s: resuming it with its stored config%n", experiment, store.url());
                    return run(store, e, spec, web, backups);
                }
                ExperimentRecord e = store.createExperiment(experiment, text, json, source, Strategies.name(node),
                        Budget.from(node).trials(), node.getLong("seed", 0));
                out.printf("experiment %s created in %s%n", experiment, store.url());
                return run(store, e, spec, web, backups);
            }
        }
    }

    @Command(name = "resume", description = "Resume a stopped or crashed search where it stopped.")
    static final class Resume implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DbOption db;
        @Mixin WebOptions.ForSearch web;
        @Mixin BackupSchedule backups;
        @Parameters(paramLabel = "EXPERIMENT") String experiment;

        @Override
        public Integer call() throws Exception {
            try (NasStore store = db.open()) {
                return run(store, store.require(experiment), spec, web, backups);
            }
        }
    }

    /**
     * Runs the search with the dashboard (unless {@code --no-web}), which can pause, resume and stop it, and with
     * backups of the store on {@code backups}' schedule and at the end.
     */
    static int run(NasStore store, ExperimentRecord e, CommandSpec spec, WebOptions.ForSearch web, BackupSchedule backups)
            throws Exception {
        StatusLine line = StatusLine.forConsole(spec.commandLine().getErr());
        var progress = new ProgressLine(line, store.summary(e).finished());
        var runner = new ExperimentRunner(store, e, progress, line);
        Signal.handle(new Signal("INT"), s -> runner.control().stop());
        Signal.handle(new Signal("TERM"), s -> runner.control().stop());
        Dashboard dashboard = web.noWeb ? null : web.start(store, new LoopControls(e.name(), runner.control()));
        try (AutoCloseable schedule = backups.start(store, spec.commandLine().getErr())) {
            ExperimentStatus status = runner.run(spec.commandLine().getOut());
            progress.done();
            return status == ExperimentStatus.FAILED ? 1 : 0;
        } finally {
            if (dashboard != null) {
                dashboard.stop();
            }
        }
    }
}
