package org.nas4j.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.evaluator.train.TrainingConfig;
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
            out.println(Dl4jRuntime.describe());
            out.printf("batch %d, input %dx%dx%d; each network is stem conv_1x1 -> op -> global pool -> dense;%n"
                    + "'op' columns subtract the same network without the op; cost = op train ms / conv_3x3's op train ms%n",
                    batch, size, size, channels);
            Shape input = new Shape(size, size, channels);
            List<Op> selected = selected();
            var nets = new ArrayList<NetworkSpec>(List.of(new NetworkSpec(input, 10, channels, 1, List.of())));
            var timed = new ArrayList<>(selected);
            if (!noPeer && !timed.contains(Op.CONV_3X3)) {
                timed.add(Op.CONV_3X3); // the reference of the cost ratios
            }
            for (Op op : timed) {
                nets.add(new NetworkSpec(input, 10, channels, 1, List.of(new NetworkSpec.Layer(1, op, channels, List.of()))));
            }
            var compiled = nets.stream().map(n -> Dl4jCompiler.compile(n, b -> TrainingConfig.defaults().apply(b, 0))).toList();
            var peerArgs = new ArrayList<String>();
            for (NetworkSpec net : nets) {
                peerArgs.add("--spec");
                peerArgs.add(BenchPeer.tempJson(BenchPeer.specJson(net)).toString());
            }
            var runner = new BenchPeer(out, python);
            // Rounds alternate nas4j and PyTorch; each network keeps its fastest round (the least disturbed by other work).
            List<double[]> java = null;
            List<BenchPeer.Result> peer = null;
            boolean peerOn = !noPeer;
            for (int round = 0; round < rounds; round++) {
                var times = new ArrayList<double[]>();
                for (var c : compiled) {
                    times.add(BenchPeer.time(c.configuration(), input, 10, batch, round == 0 ? 5 : 2, iterations));
                }
                java = java == null ? times : BenchPeer.fastest(java, times);
                if (peerOn) {
                    var results = runner.run(peerArgs, batch, iterations, 2, 1e-3);
                    peerOn = results.isPresent();
                    if (peerOn) {
                        peer = peer == null ? results.get() : BenchPeer.fastestResults(peer, results.get());
                    }
                }
            }
            for (int i = 0; peer != null && i < nets.size(); i++) {
                runner.checkParams(i == 0 ? "(none)" : timed.get(i - 1).id, compiled.get(i).params(), peer.get(i));
            }
            double[] base = java.get(0);
            int ref = 1 + timed.indexOf(Op.CONV_3X3);
            String fmt = "%-16s %9s %9s %9s %9s %10s %10s %8s %8s %8s%n";
            out.printf(fmt, "op", "train ms", "infer ms", "op train", "op infer", "torch op", "torch op", "cost", "torch", "cost /");
            out.printf(fmt, "", "", "", "ms", "ms", "train ms", "infer ms", "", "cost", "torch");
            out.printf(fmt, "(none)", ms(base[0]), ms(base[1]), "", "", peer == null ? "" : "(" + ms(peer.get(0).trainMs()) + ")",
                    peer == null ? "" : "(" + ms(peer.get(0).inferMs()) + ")", "", "", "");
            for (int i = 0; i < selected.size(); i++) {
                double[] t = java.get(i + 1);
                double opTrain = t[0] - base[0];
                String[] torch = {"", "", "", "", ""};
                if (peer != null) {
                    double peerOp = peer.get(i + 1).trainMs() - peer.get(0).trainMs();
                    double cost = opTrain / (java.get(ref)[0] - base[0]);
                    double peerCost = peerOp / (peer.get(ref).trainMs() - peer.get(0).trainMs());
                    torch = new String[] {ms(peerOp), ms(peer.get(i + 1).inferMs() - peer.get(0).inferMs()),
                            String.format("%.2f", cost), String.format("%.2f", peerCost), String.format("%.2f", cost / peerCost)};
                }
                out.printf(fmt, selected.get(i).id, ms(t[0]), ms(t[1]), ms(opTrain), ms(t[1] - base[1]), torch[0], torch[1],
                        torch[2], torch[3], torch[4]);
            }
            if (peer != null) {
                double javaRef = java.get(ref)[0] - base[0];
                double peerRef = peer.get(ref).trainMs() - peer.get(0).trainMs();
                out.printf("conv_3x3 op train step: nas4j %.1f ms, PyTorch %.1f ms (nas4j at %.2fx PyTorch's speed); %d threads each, PyTorch %s%n",
                        javaRef, peerRef, peerRef / javaRef, runner.threadCount(), runner.version());
            }
            return 0;
        }

        private static String ms(double v) {
            return String.format("%.1f", v);
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
