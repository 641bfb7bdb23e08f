package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX and CIFAR readers on small files written by the test. */
class ReadersTest {

    @Test
    void readsGzippedIdxFiles(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir, "train", 30, 4, true);
        ImageDataset d = IdxFiles.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), "t", 10, "");
        assertEquals(30, d.size());
        assertEquals(4, d.height());
        assertEquals(4, d.width());
        assertEquals(1, d.channels());
        assertEquals(10, d.classes());
        assertEquals(17, d.pixels()[17 * 16 + 5], "image 17 holds value 17");
        assertEquals(7, d.labels()[17]);
    }

    @Test
    void readsRawIdxFilesAndTellsGzipByItsMagicNotItsName(@TempDir Path dir) throws Exception {
        DatasetFiles.idx(dir.resolve("raw"), "t10k", 12, 3, false);
        DatasetFiles.idx(dir.resolve("gz"), "t10k", 12, 3, true);
        Path images = dir.resolve("renamed-images");
        Files.move(dir.resolve("gz").resolve("t10k-images-idx3-ubyte.gz"), images);
        ImageDataset raw = IdxFiles.read(dir.resolve("raw").resolve("t10k-images-idx3-ubyte"),
                dir.resolve("raw").resolve("t10k-labels-idx1-ubyte"), "raw", 10, "");
        ImageDataset gz = IdxFiles.read(images, dir.resolve("gz").resolve("t10k-labels-idx1-ubyte.gz"), "gz", 10, "");
        assertArrayEquals(raw.pixels(), gz.pixels());
        assertArrayEquals(raw.labels(), gz.labels());
    }

    @Test
    void readsCifar10BatchesInNchwOrder(@TempDir Path dir) throws Exception {
        DatasetFiles.cifar10(dir, 20, 10);
        List<Path> batches = List.of(dir.resolve("data_batch_1.bin"), dir.resolve("data_batch_2.bin"));
        ImageDataset d = CifarFiles.read(batches, false, "c10", "");
        assertEquals(40, d.size());
        assertEquals(3, d.channels());
        assertEquals(32, d.height());
        assertEquals(10, d.classes());
        int image = 25; // the sixth image of the second batch: red plane 5, green and blue 0
        assertEquals(5, d.labels()[image]);
        assertEquals(5, d.pixels()[image * 3072 + 1023]);
        assertEquals(0, d.pixels()[image * 3072 + 1024]);
        assertEquals(0, d.pixels()[image * 3072 + 3071]);
    }

    @Test
    void readsCifar100FineLabels(@TempDir Path dir) throws Exception {
        DatasetFiles.cifar(dir.resolve("train.bin"), 150, true);
        ImageDataset d = CifarFiles.read(List.of(dir.resolve("train.bin")), true, "c100", "");
        assertEquals(100, d.classes());
        assertEquals(99, d.labels()[99], "the fine label, not the coarse one");
        assertEquals(20, d.labels()[120]);
    }
}
