package org.nas4j.space.dl4j;

import org.nas4j.backend.Dl4jRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4j.core.Architecture;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.Shape;

class RandomArchitecturesTest {
    static final Path DEFAULT_EXPERIMENT = Path.of("..", "examples", "fashion-mnist-evolution.yaml");
    static CnnSearchSpace space;

    @BeforeAll
    static void load() {
        Dl4jRuntime.configure();
        space = CnnSearchSpace.load(DEFAULT_EXPERIMENT);
    }

    /** 4 seeds x 50 = 200 random architectures of the default space. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void randomArchitecturesCompileWithAnalyticParamsAndShapesThatMatchDl4j(long seed) {
        var random = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            Architecture a = space.decisions().sample(random);
            CompiledNetwork net = Dl4jCompiler.compile(space.spec(a));

            Shape in = space.config().input();
            Map<String, InputType> dl4jShapes = net.configuration()
                    .getLayerActivationTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
            net.shapes().forEach((vertex, shape) -> {
                if (!vertex.equals(Dl4jCompiler.INPUT) && !vertex.equals(Dl4jCompiler.OUTPUT) && !vertex.endsWith("gap1")) {
                    var t = (InputType.InputTypeConvolutional) dl4jShapes.get(vertex);
                    assertEquals(shape, new Shape((int) t.getHeight(), (int) t.getWidth(), (int) t.getChannels()),
                            vertex + " of " + a.key());
                }
            });

            var graph = new ComputationGraph(net.configuration());
            graph.init();
            assertEquals(graph.numParams(), net.params(), "params of " + a.key());
        }
    }
}
