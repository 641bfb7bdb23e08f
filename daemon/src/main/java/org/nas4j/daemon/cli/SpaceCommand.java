package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nas4j.core.Architecture;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.core.Json;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.SpaceConfig;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nas space describe|sample}: look at a search space without training anything. */
@Command(name = "space", description = "Describe a search space or sample architectures from it.",
        subcommands = {SpaceCommand.Describe.class, SpaceCommand.Sample.class})
final class SpaceCommand {

    @Command(name = "describe", description = "Print the decisions, their choices and the size of the space.")
    static final class Describe implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--config", required = true, description = "Experiment file (YAML or JSON).") Path config;
        @Option(names = "--json", description = "Print the decision space as space.json.") boolean json;

        @Override
        public Integer call() {
            CnnSearchSpace space = CnnSearchSpace.load(config);
            DecisionSpace d = space.decisions();
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.writePretty(d.toJson()));
                return 0;
            }
            SpaceConfig c = space.config();
            out.printf("space %s: input %s, %d classes, stem %d channels, %d searchable layers, widths %s, reductions after layers %s%n",
                    d.name(), c.input(), c.classes(), c.stemChannels(), c.layers(), c.widths(), c.reductions());
            out.printf("%d decisions:%n", d.decisions().size());
            for (Decision decision : d.decisions()) {
                out.printf("  %-24s %3d  %s%n", decision.name(), decision.size(), String.join(" ", decision.choices()));
            }
            out.printf("size of the space: %s architectures (%.3g)%n", d.size(), d.size().doubleValue());
            return 0;
        }
    }

    @Command(name = "sample", description = "Sample architectures uniformly and show their layers, params and FLOPs.")
    static final class Sample implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--config", required = true, description = "Experiment file (YAML or JSON).") Path config;
        @Option(names = "--n", defaultValue = "5", description = "How many architectures (default ${DEFAULT-VALUE}).") int n;
        @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;
        @Option(names = "--json", description = "One JSON object per line: schemaVersion, space, key, decisions, params, flops.") boolean json;

        @Override
        public Integer call() {
            if (n < 1) {
                throw new org.nas4j.core.UserError("--n must be at least 1, got " + n);
            }
            CnnSearchSpace space = CnnSearchSpace.load(config);
            var random = new SplittableRandom(seed);
            var out = spec.commandLine().getOut();
            for (int i = 1; i <= n; i++) {
                Architecture a = space.decisions().sample(random);
                CompiledNetwork net = Dl4jCompiler.compile(space.spec(a));
                if (json) {
                    var node = a.toJson();
                    node.put("params", net.params());
                    node.put("flops", net.flops());
                    out.println(Json.write(node));
                } else {
                    out.printf("architecture %d of %d  key %s%n%s%n", i, n, a.key(), net.table());
                }
            }
            return 0;
        }
    }
}
