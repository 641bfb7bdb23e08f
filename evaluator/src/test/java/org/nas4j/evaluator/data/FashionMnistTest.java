package org.nas4j.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.backend.Dl4jRuntime;
import org.nd4j.linalg.dataset.DataSet;

/** The real Fashion-MNIST, when the Debian package {@code dataset-fashion-mnist} is installed. */
class FashionMnistTest {
    static SplitData data;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)");
        Dl4jRuntime.configure();
        data = SplitData.load(new DatasetSection("idx", DatasetSection.FASHION_MNIST, 0.1, 0, 0, 0, false), 42);
    }

    @Test
    void sixtyThousandTrainingImagesSplitStratifiedAndTenThousandForTest() {
        DataSplits s = data.splits();
        assertEquals(54000, s.train().size());
        assertEquals(6000, s.validation().size());
        assertEquals(10000, s.test().size());
        for (ImageDataset d : new ImageDataset[] {s.train(), s.validation(), s.test()}) {
            assertEquals(28, d.height());
            assertEquals(28, d.width());
            assertEquals(1, d.channels());
            assertEquals(10, d.classes());
        }
        long[] validation = SplitsTest.perClass(s.validation());
        long[] test = SplitsTest.perClass(s.test());
        for (int c = 0; c < 10; c++) {
            assertEquals(600, validation[c], "validation, class " + c);
            assertEquals(5400, SplitsTest.perClass(s.train())[c], "train, class " + c);
            assertEquals(1000, test[c], "test, class " + c);
        }
    }

    @Test
    void trainingBatchesAreNormalisedToMeanZeroAndStdOne() {
        var it = data.train(128, 1);
        double sum = 0;
        double squares = 0;
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertEquals(1, ds.getFeatures().size(1));
            for (float v : ds.getFeatures().data().asFloat()) {
                sum += v;
                squares += v * v;
            }
            n += ds.getFeatures().length();
        }
        assertEquals(54000L * 784, n);
        double mean = sum / n;
        assertEquals(0, mean, 1e-3);
        assertEquals(1, Math.sqrt(squares / n - mean * mean), 1e-3);
    }
}
