package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nas4j.core.Architecture;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.SearchStrategy;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.controller.Strategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nas bench controller}: what a strategy costs the daemon per trial, on an experiment's decision space:
 * milliseconds to propose one architecture ({@code ask}) and to learn from one result ({@code tell}, which for
 * REINFORCE with batch 1 is one policy update), with random rewards.
 */
@Command(name = "controller", description = "Time each strategy's ask (sample one architecture) and tell (one update) on an experiment's space.")
final class BenchControllerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--config", required = true, description = "Experiment file whose space is used.") Path config;
    @Option(names = "--strategies", split = ",", defaultValue = "reinforce,random,evolution") List<String> strategies;
    @Option(names = "--iterations", defaultValue = "200", description = "Timed ask/tell pairs, after 20 warm-up pairs.") int iterations;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        DecisionSpace space = SearchProblem.from(config, ConfigNode.load(config)).space();
        long skips = space.decisions().stream().filter(d -> d.skip() != null).count();
        out.printf("space %s: %d decisions (%d skip connections), %d timed ask/tell pairs per strategy%n",
                space.name(), space.decisions().size(), skips, iterations);
        out.printf("%-10s %10s %10s %10s %10s%n", "strategy", "ask p50", "ask p95", "tell p50", "tell p95");
        for (String name : strategies) {
            ConfigNode node = ConfigNode.parse("strategy: {name: " + name + "}", "--strategies", true);
            SearchStrategy strategy = Strategies.create(node, space, 1);
            var ask = new DescriptiveStatistics();
            var tell = new DescriptiveStatistics();
            var random = new SplittableRandom(1);
            for (int i = 0; i < iterations + 20; i++) {
                long t0 = System.nanoTime();
                Architecture a = strategy.ask();
                long t1 = System.nanoTime();
                strategy.tell(a, random.nextDouble());
                long t2 = System.nanoTime();
                if (i >= 20) {
                    ask.addValue((t1 - t0) / 1e6);
                    tell.addValue((t2 - t1) / 1e6);
                }
            }
            out.printf("%-10s %10.2f %10.2f %10.2f %10.2f  ms%n", name, ask.getPercentile(50), ask.getPercentile(95),
                    tell.getPercentile(50), tell.getPercentile(95));
        }
        return 0;
    }
}
