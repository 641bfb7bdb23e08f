package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;

/** A missing or malformed dataset is one line naming the file, what is wrong, and how to fix it. */
class BadFilesTest {
    private static final String IDX_HINT = "set dataset.path to a directory with train-images-idx3-ubyte(.gz)";

    @TempDir
    Path dir;

    @Test
    void aMissingIdxFileIsNamedWithWhereToPutIt() {
        assertMessage(idx(dir), dir.resolve("train-images-idx3-ubyte") + " does not exist: " + IDX_HINT);
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        assertTrue(DataSplits.idxHint(DatasetSection.FASHION_MNIST).startsWith(
                "install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist`, or set dataset.path to a directory"));
        if (!Files.isDirectory(DatasetSection.FASHION_MNIST)) {
            assertMessage(idx(DatasetSection.FASHION_MNIST), "apt-get install -y dataset-fashion-mnist");
        }
        assertMessage(idx(DatasetSection.FASHION_MNIST.resolve("absent")), "does not exist: " + IDX_HINT);
    }

    @Test
    void aMissingTestFileIsNamedToo() throws Exception {
        DatasetFiles.idx(dir, "train", 20, 4, true);
        assertMessage(idx(dir), dir.resolve("t10k-images-idx3-ubyte") + " does not exist");
    }

    @Test
    void truncatedImages() throws Exception {
        Path images = writeRaw();
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length - 5));
        assertMessage(idx(dir), images + " is truncated (fewer images than its header says): " + IDX_HINT);
    }

    @Test
    void truncatedGzippedImages() throws Exception {
        DatasetFiles.idx(dir, "train", 20, 4, true);
        DatasetFiles.idx(dir, "t10k", 10, 4, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        assertMessage(idx(dir), images + " is truncated");
    }

    @Test
    void truncatedLabels() throws Exception {
        writeRaw();
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        byte[] whole = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(whole, whole.length - 1));
        assertMessage(idx(dir), labels + " is truncated (fewer labels than its header says)");
    }

    @Test
    void wrongMagicNumbers() throws Exception {
        Path images = writeRaw();
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        byte[] imageBytes = Files.readAllBytes(images);
        Files.copy(labels, images, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertMessage(idx(dir), images + " is not an IDX image file (magic 2049, expected 2051)");
        Files.write(images, imageBytes);
        Files.write(labels, imageBytes);
        assertMessage(idx(dir), labels + " is not an IDX label file (magic 2051, expected 2049)");
    }

    @Test
    void aMalformedHeader() throws Exception {
        Path images = writeRaw();
        Files.write(images, DatasetFiles.idxBytes(IdxFiles.IMAGES_MAGIC, new int[] {-3, 4, 4}, new byte[0]));
        assertMessage(idx(dir), images + " has a malformed IDX header (-3 images of 4x4)");
    }

    @Test
    void imageAndLabelCountsDisagree() throws Exception {
        writeRaw();
        DatasetFiles.idx(dir.resolve("other"), "train", 21, 4, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.copy(dir.resolve("other").resolve("train-labels-idx1-ubyte"), labels, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertMessage(idx(dir), labels + " has 21 labels but its images file has 20 images");
    }

    @Test
    void anIdxLabelOutOfRange() throws Exception {
        int[] labels = new int[20];
        labels[13] = 10;
        DatasetFiles.idx(dir, "train", labels, 4, false);
        DatasetFiles.idx(dir, "t10k", 10, 4, false);
        assertMessage(idx(dir), dir.resolve("train-labels-idx1-ubyte") + ": label 10 of image 13 is not below 10 classes");
    }

    @Test
    void aMissingCifarBatchSaysWhereToPutTheBatches() throws Exception {
        DatasetFiles.cifar10(dir, 4, 4);
        Files.delete(dir.resolve("data_batch_3.bin"));
        assertMessage(cifar10(), dir.resolve("data_batch_3.bin") + " does not exist: put the CIFAR-10 binary version "
                + "(data_batch_1.bin .. data_batch_5.bin, test_batch.bin) in " + dir + " or set dataset.path");
        assertMessage(new DatasetSection("cifar100", dir, 0.1, 0, 0, 0, false),
                dir.resolve("train.bin") + " does not exist: put the CIFAR-100 binary version (train.bin, test.bin)");
    }

    @Test
    void aTruncatedCifarBatch() throws Exception {
        DatasetFiles.cifar10(dir, 4, 4);
        Path batch = dir.resolve("test_batch.bin");
        byte[] whole = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(whole, whole.length - 100));
        assertMessage(cifar10(), batch + " is truncated or is not a CIFAR-10 binary file (12192 bytes is not a whole number of 3073-byte records)");
    }

    @Test
    void aCifarLabelOutOfRange() throws Exception {
        DatasetFiles.cifar10(dir, 4, 4);
        Path batch = dir.resolve("data_batch_2.bin");
        byte[] whole = Files.readAllBytes(batch);
        whole[3073] = 12;
        Files.write(batch, whole);
        assertMessage(cifar10(), batch + ": label 12 is not below 10 classes");
    }

    @Test
    void aValidationFractionThatLeavesNoValidationImages() throws Exception {
        writeRaw();
        assertMessage(new DatasetSection("idx", dir, 0.01, 0, 0, 0, false),
                dir + ": dataset.validation_fraction 0.01 leaves 20 training and 0 validation images of 20");
    }

    private Path writeRaw() throws Exception {
        DatasetFiles.idx(dir, "train", 20, 4, false);
        DatasetFiles.idx(dir, "t10k", 10, 4, false);
        return dir.resolve("train-images-idx3-ubyte");
    }

    private DatasetSection cifar10() {
        return new DatasetSection("cifar10", dir, 0.1, 0, 0, 0, false);
    }

    private static DatasetSection idx(Path path) {
        return new DatasetSection("idx", path, 0.1, 0, 0, 0, false);
    }

    /** Loading fails with one line containing {@code expected}. */
    private static void assertMessage(DatasetSection section, String expected) {
        String m = assertThrows(UserError.class, () -> DataSplits.load(section, 1)).getMessage();
        assertEquals(1, m.lines().count(), m);
        assertTrue(m.contains(expected), () -> "expected \"" + expected + "\" in: " + m);
    }
}
