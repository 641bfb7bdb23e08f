package org.nas4j.space.dl4j;

import org.nas4j.backend.Dl4jRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;
import org.nas4j.space.Op;
import org.nas4j.space.Shape;
import org.nas4j.space.Spaces;

class OneDnnTest {
    @Test
    void convolutionAndBatchNormRunThroughTheOneDnnHelpers() {
        Dl4jRuntime.configure();
        assertEquals("cpu", Dl4jRuntime.backend());
        assertTrue(Dl4jRuntime.oneDnnActive(), "DL4J reports oneDNN on: " + Dl4jRuntime.describe());

        var space = Spaces.singleOp(Op.DIL_CONV_3X3_D2, new Shape(28, 28, 1));
        var graph = new ComputationGraph(Dl4jCompiler.compile(space.spec(space.decisions().architecture(0))).configuration());
        graph.init();
        int convs = 0;
        int norms = 0;
        for (Layer layer : graph.getLayers()) {
            String name = layer.getConfig().getLayerName();
            if (name.contains("_conv")) {
                assertTrue(layer.getHelper() instanceof MKLDNNConvHelper, name + " uses " + layer.getHelper());
                convs++;
            } else if (name.contains("_bn")) {
                assertTrue(layer.getHelper() instanceof MKLDNNBatchNormHelper, name + " uses " + layer.getHelper());
                norms++;
            }
        }
        assertTrue(convs >= 3 && norms >= 3, convs + " convolutions, " + norms + " batch norms");
    }
}
