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
}
