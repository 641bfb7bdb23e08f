package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.backend.Dl4jRuntime;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Batches: shapes, normalisation, one-hot labels, seeded per-epoch order, augmentation. Real ND4J. */
class ImageBatchesTest {
    /** 50 grey 4x4 images: image i has pixels i * 5 + (position), label i % 10. */
    static final ImageDataset GREY = grey(50, 4);

    @BeforeAll
    static void runtime() {
        Dl4jRuntime.configure();
    }

    static ImageDataset grey(int n, int size) {
        byte[] p = new byte[n * size * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int k = 0; k < size * size; k++) {
                p[i * size * size + k] = (byte) (i * 5 + k);
            }
        }
        return new ImageDataset("grey", size, size, 1, 10, p, y);
    }

    /** The images of one epoch, identified by their (unnormalised) first pixel. */
    static List<Integer> epoch(DataSetIterator it, ChannelStats stats) {
        var firsts = new ArrayList<Integer>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            float[] x = ds.getFeatures().data().asFloat();
            int per = x.length / ds.numExamples();
            for (int i = 0; i < ds.numExamples(); i++) {
                firsts.add(Math.round((x[i * per] * stats.std()[0] + stats.mean()[0]) * 255));
            }
        }
        return firsts;
    }

    @Test
    void batchesHaveNchwFeaturesAndOneHotLabels() {
        var stats = ChannelStats.of(GREY);
        var it = ImageBatches.ordered(GREY, 16, stats);
        DataSet first = it.next();
        assertArrayEquals(new long[] {16, 1, 4, 4}, first.getFeatures().shape());
        assertArrayEquals(new long[] {16, 10}, first.getLabels().shape());
        assertEquals(3, first.getLabels().getRow(13).argMax().getInt(0));
        assertEquals(16.0, first.getLabels().sumNumber().doubleValue(), 1e-9, "one 1 per row");
        float[] x = first.getFeatures().data().asFloat();
        assertEquals((7 / 255f - stats.mean()[0]) / stats.std()[0], x[16 + 2], 1e-5, "pixel 2 of image 1 is 7");
        it.next();
        it.next();
        assertEquals(2, it.next().numExamples(), "the last batch holds the rest");
        assertFalse(it.hasNext());
        assertEquals(10, it.totalOutcomes());
        assertEquals(16, it.inputColumns());
    }

    @Test
    void normalisedFeaturesHaveMeanZeroAndStdOneOverTheTrainingSplit() {
        ImageDataset data = grey(400, 6);
        var stats = ChannelStats.of(data);
        DataSet all = ImageBatches.all(data, stats);
        assertEquals(400, all.numExamples());
        assertEquals(0, all.getFeatures().meanNumber().doubleValue(), 1e-4);
        assertEquals(1, all.getFeatures().stdNumber(false).doubleValue(), 1e-3);
    }

    @Test
    void channelStatsArePerChannel() {
        byte[] p = new byte[2 * 3 * 2 * 2];
        Arrays.fill(p, 0, 4, (byte) 255);        // image 0: red 255, green 0, blue 0..3
        for (int k = 0; k < 4; k++) {
            p[8 + k] = (byte) k;
            p[12 + k] = (byte) 255;                  // image 1: red 255
            p[20 + k] = (byte) (k + 4);              // image 1: blue 4..7
        }
        var s = ChannelStats.of(new ImageDataset("rgb", 2, 2, 3, 10, p, new int[] {0, 1}));
        assertArrayEquals(new float[] {1f, 0f, 3.5f / 255}, s.mean(), 1e-6f);
        assertEquals(1e-6f, s.std()[0], 1e-9f, "a constant channel keeps a small positive std");
        assertEquals(Math.sqrt(5.25) / 255, s.std()[2], 1e-6);
        assertEquals(s, new ChannelStats(s.mean().clone(), s.std().clone()), "compared by value");
    }

    @Test
    void everyImageOncePerEpochInASeededOrderThatChangesEachEpoch() {
        var stats = ChannelStats.of(GREY);
        var it = ImageBatches.shuffled(GREY, 16, stats, 5, 0, false);
        List<Integer> first = epoch(it, stats);
        assertEquals(50, first.stream().distinct().count(), "each image exactly once");
        it.reset();
        assertEquals(2, it.epoch());
        List<Integer> second = epoch(it, stats);
        assertNotEquals(first, second, "each epoch has its own order");
        assertEquals(first.stream().sorted().toList(), second.stream().sorted().toList());

        var again = ImageBatches.shuffled(GREY, 16, stats, 5, 0, false);
        assertEquals(first, epoch(again, stats), "epoch 1 of seed 5, again");
        again.reset();
        assertEquals(second, epoch(again, stats), "epoch 2 of seed 5, again");
        assertNotEquals(first, epoch(ImageBatches.shuffled(GREY, 16, stats, 6, 0, false), stats), "another seed");
    }

    @Test
    void orderedBatchesKeepTheDatasetOrderEveryEpoch() {
        var stats = ChannelStats.of(GREY);
        var it = ImageBatches.ordered(GREY, 7, stats);
        List<Integer> first = epoch(it, stats);
        assertEquals(List.of(0, 5, 10, 15), first.subList(0, 4));
        it.reset();
        assertEquals(first, epoch(it, stats));
    }

    @Test
    void flipsMirrorImagesAndKeepLabels() {
        var stats = ChannelStats.of(GREY);
        DataSet plain = ImageBatches.shuffled(GREY, 50, stats, 9, 0, false).next();
        DataSet flipped = ImageBatches.shuffled(GREY, 50, stats, 9, 0, true).next();
        assertEquals(plain.getLabels(), flipped.getLabels(), "same order, same labels");
        float[] a = plain.getFeatures().data().asFloat();
        float[] b = flipped.getFeatures().data().asFloat();
        int mirrored = 0;
        for (int i = 0; i < 50; i++) {
            boolean same = true;
            boolean mirror = true;
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    same &= b[i * 16 + r * 4 + c] == a[i * 16 + r * 4 + c];
                    mirror &= b[i * 16 + r * 4 + c] == a[i * 16 + r * 4 + 3 - c];
                }
            }
            assertTrue(same || mirror, "image " + i + " is itself or its mirror");
            mirrored += same ? 0 : 1;
        }
        assertTrue(mirrored > 5 && mirrored < 45, mirrored + " of 50 mirrored");
    }

    @Test
    void cropsShiftImagesOverZeroPaddingAndKeepShapes() {
        ImageDataset one = grey(1, 4);
        var stats = ChannelStats.of(grey(50, 4));
        float pad = (0 - stats.mean()[0]) / stats.std()[0];
        var it = ImageBatches.shuffled(one, 1, stats, 3, 2, false);
        float[] plain = ImageBatches.all(one, stats).getFeatures().data().asFloat();
        int changed = 0;
        for (int e = 0; e < 20; e++, it.reset()) {
            DataSet ds = it.next();
            assertArrayEquals(new long[] {1, 1, 4, 4}, ds.getFeatures().shape());
            float[] x = ds.getFeatures().data().asFloat();
            changed += Arrays.equals(x, plain) ? 0 : 1;
            for (float v : x) {
                boolean known = v == pad;
                for (float p : plain) {
                    known |= v == p;
                }
                assertTrue(known, "every pixel is padding or a pixel of the image");
            }
        }
        assertTrue(changed > 10, changed + " of 20 epochs cropped off-centre");
    }

    @Test
    void augmentationOnCifarShapedBatches() {
        byte[] p = new byte[8 * 3 * 32 * 32];
        new java.util.SplittableRandom(1).nextBytes(p);
        var rgb = new ImageDataset("rgb", 32, 32, 3, 10, p, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        var stats = ChannelStats.of(rgb);
        DataSet plain = ImageBatches.shuffled(rgb, 8, stats, 4, 0, false).next();
        DataSet augmented = ImageBatches.shuffled(rgb, 8, stats, 4, 4, true).next();
        assertArrayEquals(plain.getFeatures().shape(), augmented.getFeatures().shape());
        assertEquals(plain.getLabels(), augmented.getLabels());
        assertNotEquals(plain.getFeatures(), augmented.getFeatures());
    }

    @Test
    void splitDataNormalisesEverySplitByTheTrainingStatistics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 200, 4, true);
        DatasetFiles.idx(dir, "t10k", 30, 4, true);
        SplitData data = SplitData.load(new DatasetSection("idx", dir, 0.1, 0, 0, 0, false), 3);
        assertEquals(ChannelStats.of(data.splits().train()).mean()[0], data.stats().mean()[0]);
        assertEquals(data.train(64, 5).next().getFeatures(), data.train(64, 5).next().getFeatures(), "same seed, same batches");
        assertEquals(data.train(64, -5).next().getFeatures(), data.train(64, 5).next().getFeatures(), "the sign of a seed is ignored");
        assertEquals(data.validation(16).next().getFeatures(), data.validation(16).next().getFeatures(), "validation is fixed");
        assertEquals(30, ImageBatchesTest.epoch(data.test(8), data.stats()).size());
    }
}
