package org.nas4j.space.dl4j;

import org.nas4j.backend.Dl4jRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nas4j.core.Architecture;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.Spaces;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class OpCatalogueTest {
    @BeforeAll
    static void runtime() {
        Dl4jRuntime.configure();
    }

    static Stream<Arguments> opsAndInputs() {
        return Stream.of(Op.values()).flatMap(op -> Stream.of(
                Arguments.of(op, new Shape(28, 28, 1)), Arguments.of(op, new Shape(32, 32, 3))));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("opsAndInputs")
    void everyOpBuildsAndTrainsOneStepWithTheAnalyticParameterCount(Op op, Shape input) {
        CnnSearchSpace space = Spaces.singleOp(op, input);
        Architecture withSkip = space.decisions().architecture(1); // the only decision: layer2.skip.stem = 1
        NetworkSpec spec = space.spec(withSkip);
        CompiledNetwork net = Dl4jCompiler.compile(spec);

        var graph = new ComputationGraph(net.configuration());
        graph.init();
        assertEquals(net.params(), graph.numParams(), "analytic params of " + op);

        int batch = 4;
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, input.channels(), input.height(), input.width());
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        INDArray out = graph.outputSingle(x);
        // every unit meant to end in a ReLU does (DL4J's batch norm ignores its own activation: a layer follows it)
        var activations = graph.feedForward(x, true);
        for (var layer : net.configuration().getVertices().entrySet()) {
            if (layer.getValue() instanceof org.deeplearning4j.nn.conf.graph.LayerVertex v
                    && v.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a
                    && a.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationReLU) {
                assertTrue(activations.get(layer.getKey()).minNumber().doubleValue() >= 0, layer.getKey() + " of " + op);
            }
        }
        long relus = net.configuration().getVertices().keySet().stream().filter(k -> k.contains("_relu")).count();
        assertTrue(op == Op.MAX_POOL_3X3 || op == Op.AVG_POOL_3X3 || relus >= 3, op + " has its ReLUs: " + relus);
        assertEquals(batch, out.size(0));
        assertEquals(10, out.size(1));

        INDArray before = graph.params().dup();
        graph.fit(new DataSet(x, y)); // one forward and one backward pass, one update
        assertTrue(Double.isFinite(graph.score()), "finite loss for " + op);
        assertNotEquals(before, graph.params(), "the update changed the weights of " + op);
    }
}
