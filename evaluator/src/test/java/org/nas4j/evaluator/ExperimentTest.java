package org.nas4j.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.evaluator.shared.SharedSettings;
import org.nas4j.evaluator.worker.ProcessEvaluator;

class ExperimentTest {
    static final Path EXAMPLE = Path.of("..", "examples", "fashion-mnist-evolution.yaml");

    @Test
    void theDefaultExperimentReadsEverySection() {
        Experiment e = Experiment.load(EXAMPLE);
        assertEquals("fashion-mnist", e.name());
        assertEquals(42, e.seed());
        assertEquals("adam", e.training().optimizer());
        assertEquals(3, e.training().maxEpochs());
        assertEquals(0.002 * 0.5 * (1 + Math.cos(Math.PI / 3)), e.training().learningRate(2), 1e-12, "cosine schedule over 3 epochs");
        assertEquals(2, e.workers().count());
        assertTrue(e.workers().isolated());
        assertTrue(e.evaluator(e.pruner(), Path.of("target")) instanceof ProcessEvaluator);
    }

    @Test
    void theDefaultAndLongPresetsAreSharedWeightSearchesEndingInAFinalTraining() {
        for (String preset : List.of("fashion-mnist.yaml", "fashion-mnist-long.yaml")) {
            Path file = Path.of("..", "examples", preset);
            Experiment e = Experiment.load(file);
            SharedSettings shared = SharedSettings.from(e.config()).orElseThrow(() -> new AssertionError(preset + " is stand-alone"));
            assertTrue(shared.finalEpochs() >= 12, preset);
            assertTrue(DatasetSection.from(e.config()).flip(), preset);
            assertEquals("reinforce", e.config().section("strategy").getString("name", "?"), preset);
        }
    }

    @Test
    void sectionErrorsNameTheFieldAndWhatIsAllowed() {
        assertEquals("e.yaml: training.optimiser is not a known field; allowed here: [batch_size, divergence_loss, "
                + "learning_rate, max_epochs, max_minutes, min_delta, momentum, optimizer, patience, schedule, step_epochs, "
                + "step_gamma, weight_decay]", error("training: {optimiser: adam}"));
        assertEquals("e.yaml: training.optimizer has unknown name 'rmsprop'; allowed: [adam, sgd]", error("training: {optimizer: rmsprop}"));
        assertEquals("e.yaml: workers.count must be an integer from 1 to 256, not 0", error("workers: {count: 0}"));
        var gpus = Experiment.of(EXAMPLE, config("workers: {gpus: [0, 1]}"));
        assertTrue(assertThrows(UserError.class, () -> gpus.evaluator(gpus.pruner(), Path.of("target"))).getMessage()
                .contains("rebuild with mvn -Dcuda install"));
        assertEquals(List.of(0, 1), gpus.workers().gpus());
    }

    private static ConfigNode config(String extra) {
        return ConfigNode.parse("""
                name: e
                space: {input: {height: 8, width: 8, channels: 1}, classes: 2, layers: 1, ops: [conv_1x1, conv_3x3]}
                """ + extra + "\n", "e.yaml", true);
    }

    private static String error(String extra) {
        return assertThrows(UserError.class, () -> Experiment.of(EXAMPLE, config(extra))).getMessage();
    }
}
