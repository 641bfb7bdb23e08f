package org.nas4j.evaluator.data;

import java.io.IOException;
import java.nio.file.Path;

/** Small IDX datasets that tests of other packages write. */
public final class TestDatasets {
    private TestDatasets() {}

    /** Writes train and t10k IDX files of 8x8 images into {@code dir}. */
    public static void idx(Path dir, int train, int test) throws IOException {
        DatasetFiles.idx(dir, "train", train, 8, true);
        DatasetFiles.idx(dir, "t10k", test, 8, true);
    }
}
