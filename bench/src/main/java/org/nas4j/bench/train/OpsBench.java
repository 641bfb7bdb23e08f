package org.nas4j.bench.train;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.CompiledNetwork;

/**
 * {@code nas bench ops}: one training step and one inference pass of every catalogue op, each in the smallest network
 * around it (stem conv_1x1, the op, global pool, dense), minus the same network without the op; with the PyTorch peer,
 * the same networks in PyTorch and each op's cost relative to conv_3x3 on both sides.
 *
 * @param peer   the PyTorch side, or null to leave it out
 * @param rounds rounds of nas4j then PyTorch; each network keeps its fastest (the least disturbed by other work). Within a
 *               round, each side takes its networks' steps in turn, so that an op's network and the one without it meet
 *               the same load
 */
public record OpsBench(PrintWriter out, BenchPeer peer, int batch, int size, int channels, int iterations, int rounds) {

    /** Times {@code selected} and prints the table. */
    public void run(List<Op> selected) {
        out.println(Dl4jRuntime.describe());
        out.printf("batch %d, input %dx%dx%d; each network is stem conv_1x1 -> op -> global pool -> dense;%n"
                + "'op' columns subtract the same network without the op; cost = op train ms / conv_3x3's op train ms%n",
                batch, size, size, channels);
        Shape input = new Shape(size, size, channels);
        var nets = new ArrayList<NetworkSpec>(List.of(new NetworkSpec(input, 10, channels, 1, List.of())));
        var timed = new ArrayList<>(selected);
        if (peer != null && !timed.contains(Op.CONV_3X3)) {
            timed.add(Op.CONV_3X3); // the reference of the cost ratios
        }
        for (Op op : timed) {
            nets.add(new NetworkSpec(input, 10, channels, 1, List.of(new NetworkSpec.Layer(1, op, channels, List.of()))));
        }
        var compiled = nets.stream().map(n -> TrainingConfig.defaults().compile(n, 0)).toList();
        var peerArgs = new ArrayList<String>();
        for (NetworkSpec net : nets) {
            peerArgs.add("--spec");
            peerArgs.add(BenchPeer.tempJson(BenchPeer.specJson(net)).toString());
        }
        var inTurn = new BenchPeer.InTurn(compiled.stream().map(CompiledNetwork::configuration).toList(), input, 10, batch);
        List<BenchPeer.Step> java = null;
        List<BenchPeer.Result> torch = null;
        boolean peerOn = peer != null;
        for (int round = 0; round < rounds; round++) {
            java = BenchPeer.fastest(java, inTurn.time(round == 0 ? 5 : 2, iterations), BenchPeer.Step::fastest);
            if (peerOn) {
                var results = peer.run(peerArgs, batch, iterations, 2, 1e-3);
                peerOn = results.isPresent();
                if (peerOn) {
                    torch = BenchPeer.fastest(torch, results.get(), BenchPeer.Result::fastest);
                }
            }
        }
        for (int i = 0; torch != null && i < nets.size(); i++) {
            peer.checkParams(i == 0 ? "(none)" : timed.get(i - 1).id, compiled.get(i).params(), torch.get(i));
        }
        print(selected, timed, java, torch);
    }

    private void print(List<Op> selected, List<Op> timed, List<BenchPeer.Step> java, List<BenchPeer.Result> torch) {
        BenchPeer.Step base = java.get(0);
        int ref = 1 + timed.indexOf(Op.CONV_3X3);
        String fmt = "%-16s %9s %9s %9s %9s %10s %10s %8s %8s %8s%n";
        out.printf(fmt, "op", "train ms", "infer ms", "op train", "op infer", "torch op", "torch op", "cost", "torch", "cost /");
        out.printf(fmt, "", "", "", "ms", "ms", "train ms", "infer ms", "", "cost", "torch");
        out.printf(fmt, "(none)", ms(base.trainMs()), ms(base.inferMs()), "", "", torch == null ? "" : "(" + ms(torch.get(0).trainMs()) + ")",
                torch == null ? "" : "(" + ms(torch.get(0).inferMs()) + ")", "", "", "");
        for (int i = 0; i < selected.size(); i++) {
            BenchPeer.Step t = java.get(i + 1);
            double opTrain = t.trainMs() - base.trainMs();
            String[] columns = {"", "", "", "", ""};
            if (torch != null) {
                double peerOp = torch.get(i + 1).trainMs() - torch.get(0).trainMs();
                double cost = opTrain / (java.get(ref).trainMs() - base.trainMs());
                double peerCost = peerOp / (torch.get(ref).trainMs() - torch.get(0).trainMs());
                columns = new String[] {ms(peerOp), ms(torch.get(i + 1).inferMs() - torch.get(0).inferMs()),
                        String.format("%.2f", cost), String.format("%.2f", peerCost), String.format("%.2f", cost / peerCost)};
            }
            out.printf(fmt, selected.get(i).id, ms(t.trainMs()), ms(t.inferMs()), ms(opTrain), ms(t.inferMs() - base.inferMs()), columns[0], columns[1],
                    columns[2], columns[3], columns[4]);
        }
        if (torch != null) {
            double javaRef = java.get(ref).trainMs() - base.trainMs();
            double peerRef = torch.get(ref).trainMs() - torch.get(0).trainMs();
            out.printf("conv_3x3 op train step: nas4j %.1f ms, PyTorch %.1f ms (nas4j at %.2fx PyTorch's speed); %d threads each, PyTorch %s%n",
                    javaRef, peerRef, peerRef / javaRef, peer.threadCount(), peer.version());
        }
    }

    private static String ms(double v) {
        return String.format("%.1f", v);
    }
}
