package org.nas4j.evaluator.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** A learnable toy problem: 12x12 grey images whose class is their brightness, plus noise. */
public final class SyntheticData implements TrialData {
    static final int SIZE = 12;
    static final int CLASSES = 4;
    private final DataSet train;
    private final DataSet validation;

    public SyntheticData(int trainImages, int validationImages) {
        var random = new Random(1);
        train = images(trainImages, random);
        validation = images(validationImages, random);
    }

    private static DataSet images(int n, Random random) {
        var list = new ArrayList<DataSet>();
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            float[] pixels = new float[SIZE * SIZE];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (float) random.nextGaussian() * 0.5f + c * 0.5f;
            }
            var x = Nd4j.create(pixels, new long[] {1, 1, SIZE, SIZE}, DataType.FLOAT);
            var y = Nd4j.zeros(DataType.FLOAT, 1, CLASSES).putScalar(0, c, 1f);
            list.add(new DataSet(x, y));
        }
        return DataSet.merge(list);
    }

    @Override
    public DataSetIterator train(int batchSize, long seed) {
        return new ViewIterator(train, batchSize);
    }

    @Override
    public DataSetIterator validation(int batchSize) {
        return new ViewIterator(validation, batchSize);
    }
}
