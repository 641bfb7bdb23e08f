package org.nas4j.evaluator.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.train.SyntheticData;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.SpaceConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class SupernetTest {
    static CnnSearchSpace space;
    static SyntheticData data;

    @BeforeAll
    static void setUp() {
        Dl4jRuntime.configure();
        space = new CnnSearchSpace(SpaceConfig.from(ConfigNode.parse("""
                name: toy
                space:
                  input: {height: 12, width: 12, channels: 1}
                  classes: 4
                  layers: 3
                  widths: [8, 16]
                  reductions: [2]
                  ops: [conv_3x3, sep_conv_3x3, dil_conv_3x3_d2, inception, residual, max_pool_3x3]
                  reduction_ops: [max_pool_2x2, conv_3x3_s2]
                """, "toy.yaml", true)));
        data = new SyntheticData(512, 128);
    }

    static Architecture with(Architecture a, String decision, String choice) {
        var choices = new java.util.LinkedHashMap<>(a.decisions());
        choices.put(decision, choice);
        return new Architecture(a.space(), choices);
    }

    @Test
    void childrenWithTheSameOpAtALayerReadAndWriteTheSameArrays() {
        var net = new Supernet(space, SharedSettings.defaults());
        Architecture a = with(with(space.decisions().sample(new Random(0)), "layer1.op", "conv_3x3"), "layer2.op", "conv_3x3");
        Architecture b = with(a, "layer2.op", "residual");
        DataSet batch = data.train(32, 1).next();
        net.train(a, batch, 0.05);
        net.train(b, batch, 0.05);
        INDArray fromA = net.sharedArray(a, "L1_conv1", "W");
        assertNotNull(fromA);
        assertSame(fromA, net.sharedArray(b, "L1_conv1", "W"), "layer 1's conv_3x3 is one array for both children");
        INDArray before = fromA.dup();
        net.train(b, batch, 0.05);
        assertNotEquals(before, fromA, "training b moves the weights a reads");
        INDArray layer2a = net.sharedArray(a, "L2_conv1", "W");
        INDArray layer2b = net.sharedArray(b, "L2_conv1", "W");
        assertTrue(layer2a != layer2b, "different ops at layer 2 have their own weights");
        INDArray a2 = layer2a.dup();
        net.train(b, batch, 0.05);
        assertEquals(a2, layer2a, "training b leaves a's own op at layer 2 alone");
    }

    /**
     * Images 1e30 times too bright: the loss stays finite while the batch norms' running variances overflow. The step
     * must be dropped like one with a non-finite loss, or the shared arrays stay infinite for every child after it.
     */
    @Test
    void aStepThatLeavesAParameterInfiniteIsDropped() {
        var net = new Supernet(space, SharedSettings.defaults());
        Architecture a = space.decisions().sample(new Random(0));
        DataSet batch = data.train(32, 1).next();
        net.train(a, batch, 0.05);
        var glaring = new org.nd4j.linalg.dataset.DataSet(batch.getFeatures().mul(1e30f), batch.getLabels());
        assertTrue(Double.isFinite(net.train(a, glaring, 0.05)), "the loss alone does not show it");
        assertTrue(Double.isFinite(net.train(a, batch, 0.05)), "the next step starts from finite shared weights");
        assertTrue(Double.isFinite(net.childParams(a).sumNumber().doubleValue()), "and leaves them finite");
    }

    @Test
    void aSkipJoinUsesTheRowsOfTheSourcesItTakes() {
        var net = new Supernet(space, SharedSettings.defaults());
        Architecture base = space.decisions().sample(new Random(0));
        Architecture one = with(with(base, "layer3.skip.stem", "1"), "layer3.skip.layer1", "0");
        Architecture both = with(one, "layer3.skip.layer1", "1");
        DataSet batch = data.train(32, 1).next();
        net.train(one, batch, 0.05);
        INDArray shared = net.sharedArray(one, "S3_conv", "W");
        assertNotNull(shared);
        assertSame(shared, net.sharedArray(both, "S3_conv", "W"));
        assertEquals(16 + 8 + 8, shared.size(1), "its own 16 channels, then the stem's 8 and layer 1's 8");
        INDArray layer1Rows = shared.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(24, 32)).dup();
        net.train(one, batch, 0.05);
        assertEquals(layer1Rows, shared.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(24, 32)), "a child without the skip leaves its rows alone");
        net.train(both, batch, 0.05);
        assertNotEquals(layer1Rows, shared.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(24, 32)), "a child with it trains them");
    }

    @Test
    void trainingSampledChildrenLowersTheLossAndRaisesTheirAccuracy() {
        var net = new Supernet(space, SharedSettings.defaults());
        var random = new Random(3);
        DataSet validation = data.validation(128).next();
        List<Architecture> probe = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probe.add(space.decisions().sample(random));
        }
        double before = probe.stream().mapToDouble(a -> net.accuracy(a, validation)).average().orElseThrow();
        double first = 0;
        double last = 0;
        for (int epoch = 0; epoch < 6; epoch++) {
            DataSetIterator it = data.train(32, epoch);
            double sum = 0;
            int n = 0;
            while (it.hasNext()) {
                sum += net.train(space.decisions().sample(random), it.next(), 0.05);
                n++;
            }
            last = sum / n;
            first = epoch == 0 ? last : first;
        }
        double after = probe.stream().mapToDouble(a -> net.accuracy(a, validation)).average().orElseThrow();
        assertTrue(last < first * 0.8, "the mean loss falls: " + first + " -> " + last);
        assertTrue(after > before + 0.2 && after > 0.6, "unseen children score better: " + before + " -> " + after);
    }

    @Test
    void scoresManyNewChildrenWithASmallCache() {
        var tiny = new CnnSearchSpace(SpaceConfig.from(ConfigNode.parse("""
                name: tiny
                space:
                  input: {height: 12, width: 12, channels: 1}
                  classes: 4
                  stem: {channels: 8}
                  layers: 2
                  widths: [8, 16]
                  reductions: [1]
                  ops: [conv_3x3, sep_conv_3x3, max_pool_3x3, avg_pool_3x3]
                """, "tiny.yaml", true)));
        var d = SharedSettings.defaults();
        var net = new Supernet(tiny, new SharedSettings(d.epochs(), 0, 32, "sgd", 0.05, 0, 0.9, 1e-4, 10, 10, 10, 2, 1, 1, 3));
        var random = new Random(1);
        DataSet batch = data.validation(64).next();
        DataSetIterator it = data.train(32, 0);
        for (int i = 0; i < 12; i++) {
            net.train(tiny.decisions().sample(random), it.next(), 0.05);
        }
        for (int i = 0; i < 40; i++) {
            double a = net.accuracy(tiny.decisions().sample(random), batch);
            assertTrue(a >= 0 && a <= 1);
        }
    }

    @Test
    void oneChildTrainedThroughTheSupernetLearnsExactlyAsDl4jAlone() {
        var settings = SharedSettings.defaults();
        var net = new Supernet(space, settings);
        Architecture a = with(space.decisions().sample(new Random(4)), "layer3.skip.stem", "1");
        var alone = new org.deeplearning4j.nn.graph.ComputationGraph(
                org.nas4j.space.dl4j.Dl4jCompiler.compile(space.spec(a), settings::apply).configuration());
        alone.init();
        org.nas4j.space.dl4j.FastHelpers.install(alone);
        DataSetIterator it = data.train(32, 0);
        net.accuracy(a, it.next()); // compiles the child, whose first initialisation becomes the shared arrays
        alone.setParams(net.childParams(a));
        double lossNet = 0;
        double lossAlone = 0;
        for (int i = 0; i < 8 && it.hasNext(); i++) {
            DataSet b = it.next();
            lossNet = net.train(a, b, 0.05);
            alone.setLearningRate(0.05);
            alone.fit(b);
            lossAlone = alone.score();
        }
        assertEquals(lossAlone, lossNet, 1e-4, "the same steps give the same losses");
    }

    @Test
    void savesAndLoadsEveryArray() throws Exception {
        var net = new Supernet(space, SharedSettings.defaults());
        var random = new Random(5);
        DataSetIterator it = data.train(32, 0);
        for (int i = 0; i < 6 && it.hasNext(); i++) {
            net.train(space.decisions().sample(random), it.next(), 0.05);
        }
        var bytes = new ByteArrayOutputStream();
        net.save(new DataOutputStream(bytes));
        var copy = new Supernet(space, SharedSettings.defaults());
        copy.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(net.iterations(), copy.iterations());
        assertEquals(net.size()[1], copy.size()[1]);
        DataSet batch = it.next();
        Architecture a = space.decisions().sample(new Random(11));
        assertEquals(net.accuracy(a, batch), copy.accuracy(a, batch), 1e-9);
        Architecture b = space.decisions().sample(new Random(12));
        assertEquals(net.train(b, batch, 0.05), copy.train(b, batch, 0.05), 1e-4, "the optimiser state came back too");
    }
}
