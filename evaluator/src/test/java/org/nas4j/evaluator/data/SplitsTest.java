package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stratified, deterministic train/validation splits and subsets; the test file stays apart. */
class SplitsTest {

    static DatasetSection idx(Path dir, double validation, int trainSubset, int validationSubset) {
        return new DatasetSection("idx", dir, validation, trainSubset, validationSubset, 0, false);
    }

    @Test
    void validationIsCarvedFromTheTrainingFileStratifiedAndTheTestFileKeptWhole(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 200, 4, true);
        DatasetFiles.idx(dir, "t10k", 30, 4, false);
        DataSplits s = DataSplits.load(idx(dir, 0.1, 0, 0), 7);
        assertEquals(180, s.train().size());
        assertEquals(20, s.validation().size());
        assertArrayEquals(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, perClass(s.validation()));
        // image i holds value i: train and validation are disjoint and together the whole training file
        int[] seen = new int[200];
        for (ImageDataset part : new ImageDataset[] {s.train(), s.validation()}) {
            for (int i = 0; i < part.size(); i++) {
                int image = part.pixels()[i * 16] & 0xff;
                seen[image]++;
                assertEquals(image % 10, part.labels()[i], "every image keeps its label");
            }
        }
        assertArrayEquals(IntStream.generate(() -> 1).limit(200).toArray(), seen);
        assertEquals(30, s.test().size());
        for (int i = 0; i < 30; i++) {
            assertEquals(i, s.test().pixels()[i * 16], "the test file, whole and in order");
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 200, 4, false);
        DatasetFiles.idx(dir, "t10k", 10, 4, false);
        DataSplits a = DataSplits.load(idx(dir, 0.2, 0, 0), 7);
        DataSplits b = DataSplits.load(idx(dir, 0.2, 0, 0), 7);
        DataSplits c = DataSplits.load(idx(dir, 0.2, 0, 0), 8);
        assertArrayEquals(a.validation().pixels(), b.validation().pixels());
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertFalse(Arrays.equals(a.validation().pixels(), c.validation().pixels()));
    }

    @Test
    void subsetsAreStratifiedAndExactlyTheAskedSize(@TempDir Path dir) throws Exception {
        int[] labels = new int[300]; // unbalanced: classes 0-2 have 50 images, classes 3-9 about 21
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 150 ? i % 3 : 3 + i % 7;
        }
        DatasetFiles.idx(dir, "train", labels, 2, true);
        DatasetFiles.idx(dir, "t10k", 10, 2, true);
        DataSplits s = DataSplits.load(idx(dir, 0.1, 101, 13), 3);
        assertEquals(101, s.train().size());
        assertEquals(13, s.validation().size());
        ImageDataset whole = DataSplits.load(idx(dir, 0.1, 0, 0), 3).train();
        long[] full = perClass(whole);
        long[] sub = perClass(s.train());
        for (int c = 0; c < 10; c++) {
            assertEquals(full[c] * 101.0 / whole.size(), sub[c], 1.0, "class " + c);
        }
        assertEquals(whole.size(), DataSplits.load(idx(dir, 0.1, 5000, 0), 3).train().size(), "a subset larger than the split is all of it");
    }

    @Test
    void subsetsOfSubsetsNeverRepeatAnIndex() {
        int[] labels = new SplittableRandom(1).ints(1000, 0, 10).toArray();
        int[] sub = DataSplits.subset(IntStream.range(0, 1000).toArray(), labels, 10, 333, new SplittableRandom(2));
        assertEquals(333, sub.length);
        assertEquals(333, Arrays.stream(sub).distinct().count());
    }

    static long[] perClass(ImageDataset d) {
        long[] n = new long[d.classes()];
        for (int label : d.labels()) {
            n[label]++;
        }
        return n;
    }
}
