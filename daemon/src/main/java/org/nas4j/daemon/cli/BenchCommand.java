package org.nas4j.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.backend.Dl4jRuntime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
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
        @Option(names = "--iterations", defaultValue = "5", description = "Timed steps per op, after 2 warm-up steps.") int iterations;
        @Option(names = "--ops", split = ",", description = "Ops to time (default: all).") List<String> ops;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            out.println(Dl4jRuntime.describe());
            out.printf("batch %d, input %dx%dx%d; each network is stem conv_1x1 -> op -> global pool -> dense;%n"
                    + "'op' columns subtract the same network without the op%n", batch, size, size, channels);
            Shape input = new Shape(size, size, channels);
            double[] base = time(new NetworkSpec(input, 10, channels, 1, List.of()));
            out.printf("%-16s %12s %12s %12s %12s%n", "op", "train ms", "infer ms", "op train ms", "op infer ms");
            out.printf("%-16s %12.1f %12.1f%n", "(none)", base[0], base[1]);
            for (Op op : selected()) {
                var layer = new NetworkSpec.Layer(1, op, channels, List.of());
                double[] t = time(new NetworkSpec(input, 10, channels, 1, List.of(layer)));
                out.printf("%-16s %12.1f %12.1f %12.1f %12.1f%n", op.id, t[0], t[1], t[0] - base[0], t[1] - base[1]);
            }
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

        /** Milliseconds per training step and per inference pass, averaged over the timed iterations. */
        private double[] time(NetworkSpec net) {
            var graph = new ComputationGraph(Dl4jCompiler.compile(net).configuration());
            graph.init();
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, channels, size, size);
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
            for (int i = 0; i < batch; i++) {
                y.putScalar(i, i % 10, 1f);
            }
            var data = new DataSet(x, y);
            for (int i = 0; i < 2; i++) {
                graph.fit(data);
                graph.outputSingle(x);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                graph.fit(data);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                graph.outputSingle(x);
            }
            long t2 = System.nanoTime();
            return new double[] {(t1 - t0) / 1e6 / iterations, (t2 - t1) / 1e6 / iterations};
        }
    }
}
