package org.nas4j.space;

/** The shape of one example's activations: height x width x channels. */
public record Shape(int height, int width, int channels) {
    /** This shape after a Same-padded stride: each side becomes ceil(side / stride). */
    public Shape strided(int stride) {
        return new Shape(ceilDiv(height, stride), ceilDiv(width, stride), channels);
    }

    public Shape withChannels(int c) {
        return new Shape(height, width, c);
    }

    public long pixels() {
        return (long) height * width;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
