package org.nas4j.daemon.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import example.ClassifyFashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.Architecture;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.StatusLine;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.space.CnnSearchSpace;

class FinalTrainingTest {
    @Test
    void theExportedModelReloadsReproducesItsTestAccuracyAndTheReadmeExampleClassifiesWithIt(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Dl4jRuntime.configure();
        Path reference = Path.of("..", "examples", "reference-cnn.json");
        CnnSearchSpace space = CnnSearchSpace.forArchitecture(Architecture.readJson(reference), reference.toString(), null);
        ConfigNode config = ConfigNode.parse("{\"name\": \"final\", \"seed\": 3}", "final.json", false)
                .with("space", space.config().toJson()).with("dataset.train_subset", 1000)
                .with("training.batch_size", 32);
        Experiment e = Experiment.of(dir.resolve("final.json"), config);

        var outcome = FinalTraining.run(e, space, Architecture.load(reference), e.training().withMaxEpochs(1), dir,
                new StatusLine(new java.io.PrintWriter(java.io.Writer.nullWriter()), false, System::nanoTime), "final", () -> false);
        assertTrue(outcome.testAccuracy() > 0.3, "test accuracy " + outcome.testAccuracy());
        ComputationGraph reloaded = ComputationGraph.load(dir.resolve("model.zip").toFile(), false);
        assertEquals(outcome.testAccuracy(), Trainer.evaluate(reloaded, e.data().test(100))[1], 0.0, "exactly the recorded test accuracy");

        var printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true));
        try {
            ClassifyFashionMnist.main(new String[] {dir.toString(), "0"});
        } finally {
            System.setOut(stdout);
        }
        assertTrue(printed.toString().matches("(?s)image 0: [A-Za-z /-]+ \\(p = 0\\.\\d+\\)\\s*"), printed.toString());
    }
}
