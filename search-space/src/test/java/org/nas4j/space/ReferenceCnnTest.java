package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.nas4j.core.Architecture;
import org.junit.jupiter.api.Test;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.core.read.LayerRow;

class ReferenceCnnTest {
    @Test
    void theReferenceArchitectureFileCarriesItsSpaceAndCompilesToTheReferenceNetwork() {
        Path file = Path.of("..", "examples", "reference-cnn.json");
        CnnSearchSpace space = CnnSearchSpace.forArchitecture(Architecture.readJson(file), file.toString(), null);
        CompiledNetwork net = Dl4jCompiler.compile(space.spec(Architecture.load(file)));
        assertEquals(List.of("stem conv_3x3 28x28x32", "layer1 conv_3x3 28x28x32", "reduction max_pool_2x2 14x14x32",
                        "layer2 conv_3x3 14x14x64", "reduction max_pool_2x2 7x7x64", "head gap+dense_softmax 1x1x10"),
                net.rows().stream().map(r -> r.layer() + " " + r.op() + " " + r.outputShape()).toList());
        // conv 3*3*1*32 + BN 4*32; conv 3*3*32*32 + BN; conv 3*3*32*64 + BN 4*64; dense 64*10 + 10
        assertEquals(288 + 128 + 9216 + 128 + 18432 + 256 + 650, net.params());
        assertEquals(net.params(), net.rows().stream().mapToLong(LayerRow::params).sum());
    }
}
