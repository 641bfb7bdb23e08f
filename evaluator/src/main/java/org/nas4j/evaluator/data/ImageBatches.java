package org.nas4j.evaluator.data;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of an {@link ImageDataset}: NCHW float features normalised by {@link ChannelStats}, one-hot
 * labels. With a seed, every epoch has its own shuffled order (epoch e of seed s is always the same) and
 * its own random crops and flips; {@link #reset()} starts the next epoch. Without a seed (-1), a fixed
 * order and no augmentation. One float array per batch, filled through a lookup table. Not thread-safe.
 */
public final class ImageBatches implements DataSetIterator {
    private final ImageDataset data;
    private final int batch;
    private final float[][] table;
    private final long seed;
    private final int crop;
    private final boolean flip;
    private final int[] order;
    private int epoch = 1;
    private int cursor;
    private SplittableRandom augment;
    private DataSetPreProcessor preProcessor;

    public ImageBatches(ImageDataset data, int batch, ChannelStats stats, long seed, int cropPadding, boolean flip) {
        this.data = data;
        this.batch = batch;
        this.table = stats.table();
        this.seed = seed;
        this.crop = seed < 0 ? 0 : cropPadding;
        this.flip = seed >= 0 && flip;
        this.order = new int[data.size()];
        startEpoch();
    }

    private void startEpoch() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        cursor = 0;
        if (seed >= 0) {
            var random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            DataSplits.shuffle(order, random);
            augment = random.split();
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public DataSet next(int num) {
        int n = Math.min(num, order.length - cursor);
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int imageBytes = data.imageBytes();
        float[] x = new float[n * imageBytes];
        float[] y = new float[n * data.classes()];
        byte[] pixels = data.pixels();
        for (int i = 0; i < n; i++) {
            int image = order[cursor + i];
            int base = image * imageBytes;
            int dy = crop == 0 ? 0 : augment.nextInt(2 * crop + 1) - crop;
            int dx = crop == 0 ? 0 : augment.nextInt(2 * crop + 1) - crop;
            boolean mirror = flip && augment.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                float[] lut = table[ch];
                int out = i * imageBytes + ch * h * w;
                int in = base + ch * h * w;
                for (int r = 0; r < h; r++) {
                    int sr = r + dy;
                    for (int col = 0; col < w; col++) {
                        int sc = (mirror ? w - 1 - col : col) + dx;
                        x[out + r * w + col] = sr < 0 || sr >= h || sc < 0 || sc >= w ? lut[0] : lut[pixels[in + sr * w + sc] & 0xff];
                    }
                }
            }
            y[i * data.classes() + data.labels()[image]] = 1f;
        }
        cursor += n;
        var ds = new DataSet(Nd4j.create(x, new long[] {n, c, h, w}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, data.classes()}, DataType.FLOAT));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Starts the next epoch (a new order and new augmentation when seeded). */
    @Override
    public void reset() {
        epoch++;
        startEpoch();
    }

    @Override
    public int inputColumns() {
        return data.imageBytes();
    }

    @Override
    public int totalOutcomes() {
        return data.classes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
