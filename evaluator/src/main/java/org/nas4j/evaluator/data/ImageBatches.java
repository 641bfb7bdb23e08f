package org.nas4j.evaluator.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches of an {@link ImageDataset}: NCHW float features normalised by {@link ChannelStats}, one-hot float
 * labels. {@link #shuffled shuffled} batches have their own order in every epoch (epoch e of seed s is always
 * the same) and, if asked, their own random crops (zero padding) and horizontal flips drawn from the same
 * seeded generator; {@link #reset()} starts the next epoch. {@link #ordered ordered} batches (validation,
 * test) keep the dataset's order and are never augmented. Each batch is one float array filled through a
 * byte-to-float lookup table and wrapped once; the returned {@link DataSet} belongs to the caller. Not
 * thread-safe: one consumer at a time (DL4J's prefetch thread counts as one).
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

    /** Training batches: shuffled per epoch with {@code seed} (its sign is ignored: -s and s give the same order), optionally augmented. */
    public static ImageBatches shuffled(ImageDataset data, int batch, ChannelStats stats, long seed, int cropPadding, boolean flip) {
        return new ImageBatches(data, batch, stats, Math.abs(seed) & Long.MAX_VALUE, cropPadding, flip);
    }

    /** Validation or test batches: the dataset's order, no augmentation. */
    public static ImageBatches ordered(ImageDataset data, int batch, ChannelStats stats) {
        return new ImageBatches(data, batch, stats, -1, 0, false);
    }

    /** The whole of {@code data} as one normalised, unshuffled {@link DataSet}, for inference on a split. */
    public static DataSet all(ImageDataset data, ChannelStats stats) {
        return ordered(data, Math.max(1, data.size()), stats).next();
    }

    /** Prefer {@link #shuffled} and {@link #ordered}; a negative {@code seed} means ordered, unaugmented batches. */
    public ImageBatches(ImageDataset data, int batch, ChannelStats stats, long seed, int cropPadding, boolean flip) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size " + batch);
        }
        if (stats.mean().length != data.channels()) {
            throw new IllegalArgumentException(stats.mean().length + " channel statistics for " + data.channels() + " channels");
        }
        this.data = data;
        this.batch = batch;
        this.table = stats.table();
        this.seed = seed;
        this.crop = seed < 0 ? 0 : Math.max(0, cropPadding);
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

    /** The epoch the next batch belongs to: 1 after construction, one more after each {@link #reset()}. */
    public int epoch() {
        return epoch;
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
        if (n <= 0) {
            throw new NoSuchElementException("epoch " + epoch + " of " + data.name() + " is over: call reset()");
        }
        int imageBytes = data.imageBytes();
        int classes = data.classes();
        float[] x = new float[n * imageBytes];
        float[] y = new float[n * classes];
        int[] labels = data.labels();
        for (int i = 0; i < n; i++) {
            int image = order[cursor + i];
            int dy = crop == 0 ? 0 : augment.nextInt(2 * crop + 1) - crop;
            int dx = crop == 0 ? 0 : augment.nextInt(2 * crop + 1) - crop;
            boolean mirror = flip && augment.nextBoolean();
            if (dy == 0 && dx == 0 && !mirror) {
                copy(image * imageBytes, x, i * imageBytes);
            } else {
                shifted(image * imageBytes, x, i * imageBytes, dy, dx, mirror);
            }
            y[i * classes + labels[image]] = 1f;
        }
        cursor += n;
        var ds = new DataSet(Nd4j.create(x, new long[] {n, data.channels(), data.height(), data.width()}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, classes}, DataType.FLOAT));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** One image, unchanged, through the lookup table. */
    private void copy(int in, float[] x, int out) {
        byte[] pixels = data.pixels();
        int plane = data.height() * data.width();
        for (int ch = 0; ch < data.channels(); ch++) {
            float[] lut = table[ch];
            for (int end = in + plane; in < end; in++, out++) {
                x[out] = lut[pixels[in] & 0xff];
            }
        }
    }

    /** One image shifted by (dy, dx) with zero padding, then mirrored if asked: a random crop of the padded image. */
    private void shifted(int in, float[] x, int out, int dy, int dx, boolean mirror) {
        byte[] pixels = data.pixels();
        int h = data.height();
        int w = data.width();
        // output columns whose source column (col + dx, or w - 1 - col + dx when mirrored) lies inside the image
        int from = Math.max(0, mirror ? dx : -dx);
        int to = Math.min(w, mirror ? w + dx : w - dx);
        for (int ch = 0; ch < data.channels(); ch++) {
            float[] lut = table[ch];
            float pad = lut[0];
            for (int r = 0; r < h; r++, out += w) {
                int sr = r + dy;
                if (sr < 0 || sr >= h || from >= to) {
                    Arrays.fill(x, out, out + w, pad);
                    continue;
                }
                int row = in + sr * w;
                Arrays.fill(x, out, out + from, pad);
                if (mirror) {
                    for (int col = from; col < to; col++) {
                        x[out + col] = lut[pixels[row + w - 1 - col + dx] & 0xff];
                    }
                } else {
                    for (int col = from; col < to; col++) {
                        x[out + col] = lut[pixels[row + col + dx] & 0xff];
                    }
                }
                Arrays.fill(x, out + to, out + w, pad);
            }
            in += h * w;
        }
    }

    /** Starts the next epoch (a new order and new augmentation when shuffled; the same order when ordered). */
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

    /** The class indices as strings ("0", "1", ...). */
    @Override
    public List<String> getLabels() {
        return IntStream.range(0, data.classes()).mapToObj(String::valueOf).toList();
    }
}
