package org.nas4j.bench.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Shape;
import org.nas4j.space.dl4j.FastHelpers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The PyTorch peer of the training benchmarks: finds {@code benchmarks/peer/peer_train.py} (next to the
 * repository or installed jar, else the copy bundled in the jar), runs it with {@code /usr/bin/python3} and
 * reads its lines. Also times nas4j's side the way the script times PyTorch's (random batches, warm-up
 * steps, then timed steps), so that both sides of a ratio measure the same thing.
 */
public final class BenchPeer {
    static final String SCRIPT = "benchmarks/peer/peer_train.py";
    private static final String BUNDLED = "/org/nas4j/peer/peer_train.py";
    private static final int SKIPPED = 3;
    private static final Pattern LINE = Pattern.compile(
            "^pytorch \\S+: ([0-9.]+) images/s train, ([0-9.]+) ms/step train, ([0-9.]+) ms/pass infer, (\\d+) params");

    /** nas4j's median milliseconds per training step and per inference pass of one network. */
    record Step(double trainMs, double inferMs) {
        /** The faster of two rounds, figure by figure. */
        Step fastest(Step other) {
            return new Step(Math.min(trainMs, other.trainMs), Math.min(inferMs, other.inferMs));
        }
    }

    /** One network's PyTorch figures. */
    record Result(double imagesPerSecond, double trainMs, double inferMs, long params) {
        /** The faster of two rounds, figure by figure. */
        Result fastest(Result other) {
            return new Result(Math.max(imagesPerSecond, other.imagesPerSecond), Math.min(trainMs, other.trainMs),
                    Math.min(inferMs, other.inferMs), params);
        }
    }

    private final PrintWriter out;
    private final String python;
    private final int threads;
    private String version = "";

    public BenchPeer(PrintWriter out, String python) {
        this.out = out;
        this.python = python;
        this.threads = threads();
    }

    /** OMP_NUM_THREADS when set (ND4J's OpenMP reads it too), else the available processors. */
    static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null || omp.isBlank() ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(omp.strip()));
        } catch (NumberFormatException e) {
            throw new UserError("OMP_NUM_THREADS='" + omp + "' is not a number: set it to a thread count such as 2, or unset it");
        }
    }

    int threadCount() {
        return threads;
    }

    String version() {
        return version;
    }

    /**
     * Runs the script on {@code inputs} ({@code --arch FILE} / {@code --spec FILE} pairs) and returns one
     * result per network, or empty after printing one line saying why the peer was skipped.
     */
    Optional<List<Result>> run(List<String> inputs, int batch, int steps, int warmup, double learningRate) {
        if (!Files.isExecutable(Path.of(python))) {
            out.println("peer benchmark skipped: " + python + " not found (apt-get install -y python3 python3-torch, or pass --python)");
            return Optional.empty();
        }
        var cmd = new ArrayList<>(List.of(python, script().toString(), "--batch", String.valueOf(batch), "--steps",
                String.valueOf(steps), "--warmup", String.valueOf(warmup), "--threads", String.valueOf(threads),
                "--lr", String.valueOf(learningRate)));
        cmd.addAll(inputs);
        List<String> lines;
        int rc;
        try {
            var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            Process p = pb.start();
            lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            rc = p.waitFor();
        } catch (IOException e) {
            throw new UserError("cannot run " + python + ": " + e.getMessage() + "; check that it is a Python 3 interpreter");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while the PyTorch peer ran");
        }
        if (rc == SKIPPED) {
            out.println(lines.isEmpty() ? "peer benchmark skipped: PyTorch is not installed (apt-get install -y python3-torch)" : lines.get(0));
            return Optional.empty();
        }
        var results = new ArrayList<Result>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                version = line.substring("pytorch ".length(), line.indexOf(':'));
                results.add(new Result(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        if (rc != 0 || results.size() != inputs.size() / 2) {
            throw new UserError("the PyTorch peer failed (exit " + rc + "): " + String.join(" | ", lines));
        }
        return Optional.of(results);
    }

    /** Prints a warning when PyTorch's network does not have nas4j's parameter count: they are not the same network. */
    void checkParams(String what, long nas4j, Result peer) {
        if (nas4j != peer.params()) {
            out.printf("WARNING: %s has %,d params in nas4j but %,d in PyTorch; the networks differ, so the ratio is not meaningful%n",
                    what, nas4j, peer.params());
        }
    }

    /** The script on disk (repository or installation), else the copy bundled in the jar, written to a temporary file. */
    public static Path script() {
        for (Path start : startingPoints()) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(SCRIPT);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        try (InputStream in = BenchPeer.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new UserError(SCRIPT + " not found near " + startingPoints() + " nor in the jar: run from the nas4j repository");
            }
            Path tmp = Files.createTempFile("nas4j-peer", ".py");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UserError("cannot write the bundled " + SCRIPT + " to a temporary file: " + e.getMessage());
        }
    }

    private static List<Path> startingPoints() {
        var list = new ArrayList<Path>();
        try {
            list.add(Path.of(BenchPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the working directory still counts
        }
        list.add(Path.of("").toAbsolutePath());
        return list;
    }

    /** {@code spec} in the form the script's {@code --spec} reads. */
    public static ObjectNode specJson(NetworkSpec spec) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        Shape in = spec.input();
        n.putArray("input").add(in.height()).add(in.width()).add(in.channels());
        n.put("classes", spec.classes());
        n.putArray("stem").add(spec.stemChannels()).add(spec.stemKernel());
        ArrayNode blocks = n.putArray("blocks");
        for (NetworkSpec.Block b : spec.blocks()) {
            ObjectNode o = blocks.addObject();
            if (b instanceof NetworkSpec.Layer l) {
                o.put("layer", l.index()).put("op", l.op().id).put("width", l.width());
                l.skipsFrom().forEach(o.putArray("skips")::add);
            } else if (b instanceof NetworkSpec.Reduction r) {
                o.put("reduction", r.afterLayer()).put("op", r.op().id).put("width", r.width());
            }
        }
        return n;
    }

    /** Writes {@code node} to a temporary JSON file deleted when the JVM exits. */
    public static Path tempJson(ObjectNode node) {
        try {
            Path f = Files.createTempFile("nas4j-peer", ".json");
            f.toFile().deleteOnExit();
            Files.writeString(f, Json.write(node));
            return f;
        } catch (IOException e) {
            throw new UserError("cannot write a temporary file for the PyTorch peer: " + e.getMessage());
        }
    }

    /**
     * Networks built once, each with its random batch, whose training steps and inference passes are timed in turn
     * (one step of each, then the next): every network meets the same load on shared cores, as on the script's side.
     */
    static final class InTurn {
        private final List<ComputationGraph> graphs = new ArrayList<>();
        private final List<DataSet> batches = new ArrayList<>();

        InTurn(List<ComputationGraphConfiguration> confs, Shape input, int classes, int batch) {
            for (var conf : confs) {
                var graph = new ComputationGraph(conf);
                graph.init();
                FastHelpers.install(graph);
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, input.channels(), input.height(), input.width());
                INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
                for (int i = 0; i < batch; i++) {
                    y.putScalar(i, i % classes, 1f);
                }
                graphs.add(graph);
                batches.add(new DataSet(x, y));
            }
        }

        /** Each network's median milliseconds per training step and per inference pass, after {@code warmup} untimed ones. */
        List<Step> time(int warmup, int steps) {
            int n = graphs.size();
            for (int i = 0; i < n; i++) {
                for (int w = 0; w < warmup; w++) {
                    graphs.get(i).fit(batches.get(i));
                    graphs.get(i).outputSingle(batches.get(i).getFeatures());
                }
            }
            double[][] train = inTurn(steps, i -> graphs.get(i).fit(batches.get(i)));
            double[][] infer = inTurn(steps, i -> graphs.get(i).outputSingle(batches.get(i).getFeatures()));
            var result = new ArrayList<Step>();
            for (int i = 0; i < n; i++) {
                result.add(new Step(median(train[i]), median(infer[i])));
            }
            return result;
        }

        private double[][] inTurn(int steps, IntConsumer run) {
            double[][] ms = new double[graphs.size()][steps];
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < graphs.size(); i++) {
                    long t0 = System.nanoTime();
                    run.accept(i);
                    ms[i][s] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return ms;
        }
    }

    /** Element by element, the faster of {@code previous} (null in the first round) and {@code latest}. */
    static <T> List<T> fastest(List<T> previous, List<T> latest, BinaryOperator<T> faster) {
        if (previous == null) {
            return latest;
        }
        var result = new ArrayList<T>();
        for (int i = 0; i < latest.size(); i++) {
            result.add(faster.apply(previous.get(i), latest.get(i)));
        }
        return result;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
