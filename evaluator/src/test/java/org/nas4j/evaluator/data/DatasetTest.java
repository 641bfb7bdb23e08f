package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.UserError;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetTest {
    @BeforeAll
    static void runtime() {
        Dl4jRuntime.configure();
    }

    static DatasetSection idx(Path dir, double validation, int trainSubset) {
        return new DatasetSection("idx", dir, validation, trainSubset, 0, 0, false);
    }

    @Test
    void readsGzippedAndRawIdxFilesAndSplitsThemStratified(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 200, 4, true);
        DatasetFiles.idx(dir, "t10k", 30, 4, false);
        DataSplits s = DataSplits.load(idx(dir, 0.1, 0), 7);
        assertEquals(180, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals(30, s.test().size());
        for (int c = 0; c < 10; c++) {
            int k = c;
            assertEquals(2, Arrays.stream(s.validation().labels()).filter(l -> l == k).count(), "class " + c);
        }
        // every image keeps its label: image i has pixel value i and label i % 10
        for (int i = 0; i < s.validation().size(); i++) {
            assertEquals((s.validation().pixels()[i * 16] & 0xff) % 10, s.validation().labels()[i]);
        }
        DataSplits again = DataSplits.load(idx(dir, 0.1, 0), 7);
        assertArrayEquals(s.validation().pixels(), again.validation().pixels(), "same seed, same split");
        assertNotEquals(Arrays.toString(s.validation().pixels()), Arrays.toString(DataSplits.load(idx(dir, 0.1, 0), 8).validation().pixels()));
        assertEquals(50, DataSplits.load(idx(dir, 0.1, 50), 7).train().size(), "a stratified training subset");
    }

    @Test
    void readsCifar10And100Batches(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 5; i++) {
            DatasetFiles.cifar(dir.resolve("c10").resolve("data_batch_" + i + ".bin"), 20, false);
        }
        DatasetFiles.cifar(dir.resolve("c10").resolve("test_batch.bin"), 10, false);
        DataSplits c10 = DataSplits.load(new DatasetSection("cifar10", dir.resolve("c10"), 0.2, 0, 0, 4, true), 1);
        assertEquals(80, c10.train().size());
        assertEquals(3, c10.train().channels());
        assertEquals(10, c10.test().classes());

        DatasetFiles.cifar(dir.resolve("c100").resolve("train.bin"), 300, true);
        DatasetFiles.cifar(dir.resolve("c100").resolve("test.bin"), 100, true);
        DataSplits c100 = DataSplits.load(new DatasetSection("cifar100", dir.resolve("c100"), 0.5, 0, 0, 0, false), 1);
        assertEquals(100, c100.test().classes());
        assertEquals(99, c100.test().labels()[99], "the fine label");
    }

    @Test
    void missingAndMalformedFilesAreNamedWithTheFix(@TempDir Path dir) throws Exception {
        String missing = message(idx(dir, 0.1, 0));
        assertTrue(missing.startsWith(dir.resolve("train-images-idx3-ubyte") + " does not exist: set dataset.path"), missing);
        String fashion = message(idx(dir.resolve("none").resolve("fashion-mnist"), 0.1, 0));
        assertTrue(fashion.contains("does not exist"), fashion);
        assertTrue(message(new DatasetSection("idx", DatasetSection.FASHION_MNIST.resolve("absent"), 0.1, 0, 0, 0, false))
                .contains("set dataset.path"));

        DatasetFiles.idx(dir, "train", 20, 4, false);
        DatasetFiles.idx(dir, "t10k", 10, 4, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length - 5));
        assertTrue(message(idx(dir, 0.1, 0)).startsWith(images + " is truncated"));
        whole[3] = 1;
        Files.write(images, whole);
        assertTrue(message(idx(dir, 0.1, 0)).startsWith(images + " is not an IDX image file (magic 2049"));

        DatasetFiles.idx(dir, "train", 20, 4, false);
        DatasetFiles.idx(dir.resolve("other"), "train", 21, 4, false);
        Files.copy(dir.resolve("other").resolve("train-labels-idx1-ubyte"), dir.resolve("train-labels-idx1-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(message(idx(dir, 0.1, 0)).contains("has 21 labels but its images file has 20 images"));

        Files.createDirectories(dir.resolve("c"));
        Files.write(dir.resolve("c").resolve("data_batch_1.bin"), new byte[100]);
        var e = assertThrows(UserError.class, () -> DataSplits.load(new DatasetSection("cifar10", dir.resolve("c"), 0.1, 0, 0, 0, false), 1));
        assertTrue(e.getMessage().contains("is not a CIFAR-10 binary file"), e.getMessage());
    }

    @Test
    void batchesAreNormalisedShuffledPerEpochAndAugmented(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 200, 4, true);
        DatasetFiles.idx(dir, "t10k", 30, 4, true);
        SplitData data = SplitData.load(idx(dir, 0.1, 0), 3);
        var it = data.train(64, 5);
        var first = it.next();
        assertArrayEquals(new long[] {64, 1, 4, 4}, first.getFeatures().shape());
        assertArrayEquals(new long[] {64, 10}, first.getLabels().shape());
        INDArray all = org.nd4j.linalg.factory.Nd4j.vstack(List.of(first.getFeatures().reshape(64, 16),
                it.next().getFeatures().reshape(64, 16), it.next().getFeatures().reshape(52, 16)));
        assertEquals(0, all.meanNumber().doubleValue(), 1e-4, "normalised mean");
        assertEquals(1, all.stdNumber().doubleValue(), 1e-2, "normalised std");
        assertTrue(!it.hasNext());

        it.reset();
        var epoch2 = it.next().getFeatures();
        assertNotEquals(first.getFeatures(), epoch2, "each epoch has its own order");
        assertEquals(first.getFeatures(), data.train(64, 5).next().getFeatures(), "same seed, same first epoch");
        assertEquals(data.validation(16).next().getFeatures(), data.validation(16).next().getFeatures(), "validation is fixed");
    }

    @Test
    void augmentationKeepsShapesAndChangesPixels(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 5; i++) {
            DatasetFiles.cifar(dir.resolve("data_batch_" + i + ".bin"), 8, false);
        }
        DatasetFiles.cifar(dir.resolve("test_batch.bin"), 8, false);
        var plain = SplitData.load(new DatasetSection("cifar10", dir, 0.1, 0, 0, 0, false), 1).train(36, 9).next();
        var augmented = SplitData.load(new DatasetSection("cifar10", dir, 0.1, 0, 0, 4, true), 1).train(36, 9).next();
        assertArrayEquals(plain.getFeatures().shape(), augmented.getFeatures().shape());
        assertEquals(plain.getLabels(), augmented.getLabels(), "same order, same labels");
        assertNotEquals(plain.getFeatures(), augmented.getFeatures());
    }

    @Test
    void theRealFashionMnistWhenInstalled() {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed");
        DataSplits s = DataSplits.load(idx(DatasetSection.FASHION_MNIST, 0.1, 0), 42);
        assertEquals(54000, s.train().size());
        assertEquals(6000, s.validation().size());
        assertEquals(10000, s.test().size());
        assertEquals(28, s.train().height());
        for (int c = 0; c < 10; c++) {
            int k = c;
            assertEquals(600, Arrays.stream(s.validation().labels()).filter(l -> l == k).count());
        }
    }

    private static String message(DatasetSection section) {
        String m = assertThrows(UserError.class, () -> DataSplits.load(section, 1)).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }
}
