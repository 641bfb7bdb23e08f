package org.nas4j.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.bench.train.BenchPeer;
import org.nas4j.bench.train.OpsBench;
import org.nas4j.space.Op;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nas bench ...}: benchmarks that print figures. */
@Command(name = "bench", description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Ops.class, BenchTrainCommand.class, BenchControllerCommand.class, BenchDashboardCommand.class,
                BenchSharedCommand.class})
final class BenchCommand {

    @Command(name = "ops", description = "Time every catalogue op: one training step and one inference pass on a batch.")
    static final class Ops implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--batch", defaultValue = "64") int batch;
        @Option(names = "--size", defaultValue = "28", description = "Input height and width.") int size;
        @Option(names = "--channels", defaultValue = "32") int channels;
        @Option(names = "--iterations", defaultValue = "5", description = "Timed steps per op (the median is reported), after 2 warm-up steps.") int iterations;
        @Option(names = "--ops", split = ",", description = "Ops to time (default: all).") List<String> ops;

        @Option(names = "--rounds", defaultValue = "2", description = "Rounds of nas4j then PyTorch; each network keeps its fastest (default ${DEFAULT-VALUE}).") int rounds;
        @Option(names = "--no-peer", description = "Leave out the PyTorch columns.") boolean noPeer;
        @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with PyTorch for the peer columns (default ${DEFAULT-VALUE}).") String python;

        @Override
        public Integer call() {
            if (batch < 1 || size < 1 || channels < 1 || iterations < 1 || rounds < 1) {
                throw new org.nas4j.core.UserError("--batch, --size, --channels, --iterations and --rounds must be at least 1");
            }
            var out = spec.commandLine().getOut();
            var peer = new BenchPeer(out, python);
            new OpsBench(out, noPeer ? null : peer, batch, size, channels, iterations, rounds).run(selected());
            return 0;
        }

        private List<Op> selected() {
            if (ops == null) {
                return List.of(Op.values());
            }
            var list = new ArrayList<Op>();
            for (String id : ops) {
                Op op = Op.byId().get(id);
                if (op == null) {
                    throw new org.nas4j.core.UserError("--ops: unknown op '" + id + "'; allowed: " + Op.byId().keySet());
                }
                list.add(op);
            }
            return list;
        }
    }
}
