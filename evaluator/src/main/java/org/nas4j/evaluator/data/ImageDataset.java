package org.nas4j.evaluator.data;

/**
 * Images with class labels, held in memory as unsigned bytes in NCHW order (image, channel, row, column).
 * Immutable by convention: nobody writes to {@code pixels} or {@code labels} after construction.
 *
 * @param name     where it came from, for messages (e.g. "fashion-mnist train")
 * @param pixels   {@code size() * channels * height * width} bytes, each 0..255 (read with {@code & 0xff})
 * @param labels   one class index per image, 0..classes-1
 */
public record ImageDataset(String name, int height, int width, int channels, int classes, byte[] pixels, int[] labels) {
    public ImageDataset {
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /** The images at {@code indices}, in that order, as a new dataset named {@code name + suffix}. */
    public ImageDataset subset(int[] indices, String suffix) {
        int bytes = imageBytes();
        byte[] p = new byte[indices.length * bytes];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, p, i * bytes, bytes);
            y[i] = labels[indices[i]];
        }
        return new ImageDataset(name + suffix, height, width, channels, classes, p, y);
    }
}
