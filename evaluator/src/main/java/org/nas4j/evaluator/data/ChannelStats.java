package org.nas4j.evaluator.data;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], computed on the training split
 * only; inputs are normalised as {@code (pixel / 255 - mean) / std}. Exports save it beside the model.
 */
public record ChannelStats(float[] mean, float[] std) {

    public static ChannelStats of(ImageDataset train) {
        int c = train.channels();
        int plane = train.height() * train.width();
        double[] sum = new double[c];
        double[] squares = new double[c];
        byte[] p = train.pixels();
        for (int i = 0; i < p.length; i++) {
            int channel = (i / plane) % c;
            double v = (p[i] & 0xff) / 255.0;
            sum[channel] += v;
            squares[channel] += v * v;
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        long n = (long) train.size() * plane;
        for (int k = 0; k < c; k++) {
            double m = sum[k] / n;
            mean[k] = (float) m;
            std[k] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, squares[k] / n - m * m)));
        }
        return new ChannelStats(mean, std);
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
