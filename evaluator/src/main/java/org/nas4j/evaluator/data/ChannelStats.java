package org.nas4j.evaluator.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], computed on the training split
 * only; inputs are normalised as {@code (pixel / 255 - mean) / std}. Two float arrays, so an export can save
 * it beside the model and plain DL4J code can apply it. Immutable by convention: nobody writes to the arrays
 * after construction; thread-safe.
 *
 * @param mean one value per channel
 * @param std  one value per channel, at least 1e-6
 */
public record ChannelStats(float[] mean, float[] std) {
    public ChannelStats {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException(mean.length + " means for " + std.length + " deviations");
        }
    }

    /** The statistics of {@code train}: exact integer sums over every pixel, then one division per channel. */
    public static ChannelStats of(ImageDataset train) {
        int c = train.channels();
        int plane = train.height() * train.width();
        long[] sum = new long[c];
        long[] squares = new long[c];
        byte[] p = train.pixels();
        for (int image = 0, at = 0; image < train.size(); image++) {
            for (int k = 0; k < c; k++) {
                long s = 0;
                long q = 0;
                for (int end = at + plane; at < end; at++) {
                    int v = p[at] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[k] += s;
                squares[k] += q;
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = Math.max(1.0, (double) train.size() * plane);
        for (int k = 0; k < c; k++) {
            double m = sum[k] / n;
            double variance = squares[k] / n - m * m;
            mean[k] = (float) (m / 255);
            std[k] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, variance)) / 255);
        }
        return new ChannelStats(mean, std);
    }

    /** Equal when the values are: records compare array components by reference, statistics by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelStats s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }

    /** The normalised value of every byte value, per channel: {@code table[channel][value]}. */
    float[][] table() {
        float[][] t = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
        return t;
    }
}
