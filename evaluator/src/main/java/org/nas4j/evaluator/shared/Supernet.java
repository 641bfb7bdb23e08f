package org.nas4j.evaluator.shared;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.SpaceConfig;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The shared weights of a whole CNN search space (ENAS, Pham et al. 2018): one parameter array, and its
 * optimiser state, per (block, choice, parameter). A child is compiled to an ordinary DL4J graph (kept in a
 * small LRU); before each step its parameters and optimiser state are copied in from the shared arrays and
 * after it they are copied back, so only the child's own ops are read and updated. The 1x1 projection of a
 * layer's skip join holds input rows for every possible skip source: a child uses the rows of the sources it
 * takes. Batch norm's running statistics are shared too; children are scored with batch statistics.
 * Not thread-safe. (Longer than nas4j's other classes, on purpose: the copy in and out of a child, the
 * skip-join row slicing and the saved form all work on the one map of shared arrays, which stays private.)
 */
public final class Supernet {
    /** One shared parameter: its values and its optimiser state (one array of the same shape per state slot). */
    record Shared(INDArray param, INDArray[] state) {}

    /** A contiguous run of input channels: {@code length} rows from {@code child} in the child, {@code shared} in the shared array. */
    private record Rows(int child, int shared, int length) {}

    /** A child parameter and where it lives in the shared arrays; {@code rows} null for the whole array. */
    private record Binding(INDArray param, INDArray[] state, Shared shared, List<Rows> rows) {}

    private record Child(ComputationGraph graph, List<Binding> bindings) {}

    private final CnnSearchSpace space;
    private final SharedSettings settings;
    private final Map<String, Shared> weights = new LinkedHashMap<>();
    private final LinkedHashMap<String, Child> children;
    private long iteration;

    public Supernet(CnnSearchSpace space, SharedSettings settings) {
        this.space = space;
        this.settings = settings;
        this.children = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Child> eldest) {
                return size() > settings.cachedChildren();
            }
        };
    }

    /**
     * One optimiser step of {@code architecture}'s child on {@code batch} at {@code learningRate}; only its
     * ops' shared weights change. Returns the batch's training loss; a step whose loss or parameters are not finite
     * (a diverging child; see {@link Dl4jRuntime#allFinite}) is dropped, leaving the shared weights as they were.
     */
    public double train(Architecture architecture, DataSet batch, double learningRate) {
        Child child = child(architecture);
        copyIn(child, true);
        ComputationGraph g = child.graph();
        g.setLearningRate(learningRate);
        g.getConfiguration().setIterationCount((int) iteration);
        g.fit(batch);
        iteration++;
        double loss = g.score();
        if (Double.isFinite(loss) && Dl4jRuntime.allFinite(g.params())) {
            copyOut(child);
        }
        return loss;
    }

    /** The accuracy of {@code architecture}'s child on {@code batch} with the shared weights (batch statistics). */
    public double accuracy(Architecture architecture, DataSet batch) {
        Child child = child(architecture);
        copyIn(child, false);
        INDArray p = child.graph().output(true, batch.getFeatures())[0];
        long correct = p.argMax(1).eq(batch.getLabels().argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        return (double) correct / batch.getLabels().size(0);
    }

    /** Training steps taken so far. */
    public long iterations() {
        return iteration;
    }

    /** The number of shared arrays, and of shared parameters. */
    public long[] size() {
        long params = weights.values().stream().mapToLong(s -> s.param().length()).sum();
        return new long[] {weights.size(), params};
    }

    /** The shared parameter array {@code architecture}'s child reads for {@code vertex}'s {@code param} (for tests). */
    INDArray sharedArray(Architecture architecture, String vertex, String param) {
        String key = key(space.spec(architecture), vertex, param, null);
        return weights.entrySet().stream().filter(e -> e.getKey().startsWith(key + "[")).map(e -> e.getValue().param())
                .findFirst().orElse(null);
    }

    /** The flat parameters and optimiser state of {@code architecture}'s compiled child, as of its last step (for tests). */
    INDArray childParams(Architecture architecture) {
        return child(architecture).graph().params().dup();
    }

    INDArray childState(Architecture architecture) {
        return child(architecture).graph().getUpdater().getStateViewArray().dup();
    }

    private Child child(Architecture architecture) {
        String key = architecture.key();
        Child child = children.get(key);
        if (child == null) {
            // the shared arrays outlive any workspace a caller (the controller's network) may have open on this thread
            try (var ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                child = compile(architecture);
            }
            children.put(key, child);
        }
        return child;
    }

    private Child compile(Architecture architecture) {
        NetworkSpec spec = space.spec(space.decisions().validate(architecture));
        var net = Dl4jCompiler.compile(spec, settings::apply);
        var graph = new ComputationGraph(net.configuration());
        graph.init();
        org.nas4j.space.dl4j.FastHelpers.install(graph);
        graph.initGradientsView();
        var bindings = new ArrayList<Binding>();
        for (UpdaterBlock block : graph.getUpdater().getUpdaterBlocks()) {
            int n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            INDArray view = block.getUpdaterView() == null ? null : block.getUpdaterView().reshape(block.getUpdaterView().length());
            int slots = view == null ? 0 : (int) (view.length() / n);
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                String vertex = vertexName(ps.getLayer());
                INDArray param = graph.getVertex(vertex).paramTable(false).get(ps.getParamName()); // shaped; the block's is flat
                INDArray[] state = new INDArray[slots];
                long from = ps.getParamOffsetStart() - block.getParamOffsetStart();
                long length = ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                for (int s = 0; s < slots; s++) {
                    state[s] = view.get(NDArrayIndex.interval(s * n + from, s * n + from + length))
                            .reshape(param.ordering(), param.shape());
                }
                bindings.add(bind(spec, vertex, ps.getParamName(), param, state));
            }
        }
        return new Child(graph, bindings);
    }

    private Binding bind(NetworkSpec spec, String vertex, String name, INDArray param, INDArray[] state) {
        List<Rows> rows = rows(spec, vertex, name);
        long[] shape = param.shape().clone();
        if (rows != null) {
            shape[1] = joinChannels(blockIndex(vertex));
        }
        String key = key(spec, vertex, name, shape);
        Shared shared = weights.get(key);
        if (shared == null) {
            INDArray values = rows == null ? param.dup(param.ordering())
                    : Nd4j.randn(param.dataType(), shape).muli(Math.sqrt(2.0 / shape[1]));
            INDArray[] slots = new INDArray[state.length];
            for (int s = 0; s < slots.length; s++) {
                slots[s] = Nd4j.zeros(param.dataType(), shape);
            }
            shared = new Shared(values, slots);
            weights.put(key, shared);
        }
        return new Binding(param, state, shared, rows);
    }

    /** The key of a shared array: the block, the choice it made, the vertex within it, the parameter, and the shape. */
    private String key(NetworkSpec spec, String vertex, String param, long[] shape) {
        int cut = vertex.indexOf('_');
        String block = cut < 0 ? vertex : vertex.substring(0, cut);
        String choice = switch (block.charAt(0)) {
            case 'L' -> layer(spec, blockIndex(vertex)).op().id;
            case 'R' -> reduction(spec, blockIndex(vertex)).op().id;
            default -> "";
        };
        // a skip join's vertices are numbered after its pools, whose count varies: key them by kind
        String within = block.startsWith("S") ? vertex.substring(cut + 1).replaceAll("[0-9]+$", "") : vertex;
        return block + "/" + choice + "/" + within + "_" + param + (shape == null ? "" : Arrays.toString(shape));
    }

    private static String vertexName(Trainable layer) {
        return layer instanceof org.deeplearning4j.nn.graph.vertex.GraphVertex v ? v.getVertexName()
                : ((org.deeplearning4j.nn.api.Layer) layer).getConfig().getLayerName();
    }

    /**
     * For the 1x1 convolution of a skip join, the input-channel runs of its own input and of each skip source it
     * takes, in the order the compiler concatenates them; null for every other parameter.
     */
    private List<Rows> rows(NetworkSpec spec, String vertex, String param) {
        if (!vertex.startsWith("S") || !vertex.substring(vertex.indexOf('_') + 1).startsWith("conv") || !param.equals("W")) {
            return null;
        }
        var layer = layer(spec, blockIndex(vertex));
        SpaceConfig c = space.config();
        var rows = new ArrayList<Rows>();
        rows.add(new Rows(0, 0, layer.width()));
        int child = layer.width();
        for (int from : layer.skipsFrom()) {
            int length = from == 0 ? c.stemChannels() : c.widthOf(from);
            rows.add(new Rows(child, skipOffset(layer.index(), from), length));
            child += length;
        }
        return rows;
    }

    /** Input channels of layer {@code index}'s join with every possible skip source. */
    private int joinChannels(int index) {
        return skipOffset(index, index - 1);
    }

    /** Where skip source {@code from}'s rows start in layer {@code index}'s shared projection. */
    private int skipOffset(int index, int from) {
        SpaceConfig c = space.config();
        int offset = c.widthOf(index);
        for (int f = 0; f < from; f++) {
            offset += f == 0 ? c.stemChannels() : c.widthOf(f);
        }
        return offset;
    }

    private static int blockIndex(String vertex) {
        return Integer.parseInt(vertex.substring(1, vertex.indexOf('_')));
    }

    private static NetworkSpec.Layer layer(NetworkSpec spec, int index) {
        return spec.blocks().stream().filter(b -> b instanceof NetworkSpec.Layer l && l.index() == index)
                .map(NetworkSpec.Layer.class::cast).findFirst().orElseThrow();
    }

    private static NetworkSpec.Reduction reduction(NetworkSpec spec, int afterLayer) {
        return spec.blocks().stream().filter(b -> b instanceof NetworkSpec.Reduction r && r.afterLayer() == afterLayer)
                .map(NetworkSpec.Reduction.class::cast).findFirst().orElseThrow();
    }

    private void copyIn(Child child, boolean withState) {
        for (Binding b : child.bindings()) {
            copy(b.shared().param(), b.param(), b.rows(), true);
            for (int s = 0; withState && s < b.state().length; s++) {
                copy(b.shared().state()[s], b.state()[s], b.rows(), true);
            }
        }
    }

    private void copyOut(Child child) {
        for (Binding b : child.bindings()) {
            copy(b.shared().param(), b.param(), b.rows(), false);
            for (int s = 0; s < b.state().length; s++) {
                copy(b.shared().state()[s], b.state()[s], b.rows(), false);
            }
        }
    }

    private static void copy(INDArray shared, INDArray child, List<Rows> rows, boolean in) {
        if (rows == null) {
            (in ? child : shared).assign(in ? shared : child);
            return;
        }
        // sub-views of the child's parameter view come out without data in ND4J M2.1: copy through whole arrays
        if (in) {
            child.assign(Nd4j.concat(1, rows.stream().map(r -> shared.get(channels(shared.rank(), r.shared(), r.length())))
                    .toArray(INDArray[]::new)));
            return;
        }
        INDArray whole = child.dup(child.ordering());
        for (Rows r : rows) {
            shared.get(channels(shared.rank(), r.shared(), r.length())).assign(whole.get(channels(whole.rank(), r.child(), r.length())));
        }
    }

    private static INDArrayIndex[] channels(int rank, int from, int length) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        Arrays.fill(index, NDArrayIndex.all());
        index[1] = NDArrayIndex.interval(from, from + length);
        return index;
    }

    /** Writes every shared array and its optimiser state, and the step count. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(iteration);
        out.writeInt(weights.size());
        for (var e : weights.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().state().length);
            write(out, e.getValue().param());
            for (INDArray s : e.getValue().state()) {
                write(out, s);
            }
        }
    }

    /** Replaces every shared array with those {@link #save} wrote. */
    public void load(DataInputStream in) throws IOException {
        try (var ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            readWeights(in);
        }
    }

    private void readWeights(DataInputStream in) throws IOException {
        weights.clear();
        children.clear();
        iteration = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            INDArray[] state = new INDArray[in.readInt()];
            INDArray param = read(in);
            for (int s = 0; s < state.length; s++) {
                state[s] = read(in);
            }
            weights.put(key, new Shared(param, state));
        }
    }

    private static void write(DataOutputStream out, INDArray a) throws IOException {
        out.writeInt(a.rank());
        for (long d : a.shape()) {
            out.writeLong(d);
        }
        out.writeChar(a.ordering());
        for (float f : a.dup(a.ordering()).data().asFloat()) {
            out.writeFloat(f);
        }
    }

    private static INDArray read(DataInputStream in) throws IOException {
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = in.readLong();
        }
        char order = in.readChar();
        float[] values = new float[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return Nd4j.create(values, shape, order);
    }
}
