package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;

/** The {@code dataset} section: defaults, every field, and errors that name the field. */
class DatasetSectionTest {

    static DatasetSection parse(String yaml) {
        return DatasetSection.from(ConfigNode.parse(yaml, "exp.yaml", true));
    }

    static String error(String yaml) {
        return assertThrows(UserError.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void withoutASectionFashionMnistWithATenthForValidation() {
        assertEquals(new DatasetSection("idx", DatasetSection.FASHION_MNIST, 0.1, 0, 0, 0, false), parse("name: x\n"));
        assertEquals(new DatasetSection("idx", DatasetSection.FASHION_MNIST, 0.1, 0, 0, 0, false), parse("dataset: {}\n"));
    }

    @Test
    void readsEveryField() {
        var s = parse("""
                dataset:
                  format: cifar10
                  path: /data/cifar-10-batches-bin
                  validation_fraction: 0.2
                  train_subset: 5000
                  validation_subset: 1000
                  augment: {crop_padding: 4, flip: true}
                """);
        assertEquals(new DatasetSection("cifar10", Path.of("/data/cifar-10-batches-bin"), 0.2, 5000, 1000, 4, true), s);
    }

    @Test
    void theDefaultExperimentFileReads() {
        var s = DatasetSection.from(ConfigNode.load(Path.of("..", "examples", "fashion-mnist-evolution.yaml")));
        assertEquals("idx", s.format());
        assertEquals(DatasetSection.FASHION_MNIST, s.path());
        assertEquals(0.1, s.validationFraction());
    }

    @Test
    void unknownFieldsAreRejected() {
        assertEquals("exp.yaml: dataset.shuffle is not a known field; allowed here: "
                + "[augment, format, path, train_subset, validation_fraction, validation_subset]", error("dataset: {shuffle: true}\n"));
    }

    @Test
    void augmentationIsForEveryFormat() {
        var s = parse("dataset: {augment: {flip: true}}\n");
        assertEquals(new DatasetSection("idx", DatasetSection.FASHION_MNIST, 0.1, 0, 0, 0, true), s);
        assertContains(error("dataset: {format: cifar100, path: /d, augment: {rotate: 3}}\n"), "dataset.augment.rotate");
    }

    @Test
    void cifarNeedsAPathAndValuesAreChecked() {
        assertEquals("exp.yaml: dataset.path is missing: give the directory that holds the cifar10 binary files",
                error("dataset: {format: cifar10}\n"));
        assertContains(error("dataset: {format: svhn}\n"), "dataset.format");
        assertContains(error("dataset: {validation_fraction: 1.5}\n"), "dataset.validation_fraction");
        assertContains(error("dataset: {train_subset: -1}\n"), "dataset.train_subset");
        assertContains(error("dataset: {format: cifar10, path: /d, augment: {crop_padding: 40}}\n"), "dataset.augment.crop_padding");
    }

    static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected " + part + " in: " + message);
    }
}
