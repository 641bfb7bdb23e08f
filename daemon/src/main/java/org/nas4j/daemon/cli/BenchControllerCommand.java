package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.bench.strategy.ControllerBench;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.SearchProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nas bench controller}: reads the experiment's decision space, then runs {@link ControllerBench}. */
@Command(name = "controller", description = "Time each strategy's ask (sample one architecture) and tell (one update) on an experiment's space.")
final class BenchControllerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--config", required = true, description = "Experiment file whose space is used.") Path config;
    @Option(names = "--strategies", split = ",", defaultValue = "reinforce,random,evolution") List<String> strategies;
    @Option(names = "--iterations", defaultValue = "200", description = "Timed ask/tell pairs, after 20 warm-up pairs.") int iterations;

    @Override
    public Integer call() {
        new ControllerBench(spec.commandLine().getOut(), iterations)
                .run(SearchProblem.from(config, ConfigNode.load(config)).space(), strategies);
        return 0;
    }
}
