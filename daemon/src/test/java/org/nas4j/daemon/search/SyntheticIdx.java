package org.nas4j.daemon.search;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small IDX dataset (the Fashion-MNIST file format) of 28x28 images whose class is drawn as a bright band at a
 * class-dependent row, so a tiny network learns it: real files for tests where Fashion-MNIST is not installed.
 */
public final class SyntheticIdx {
    private SyntheticIdx() {}

    /** Writes the four IDX files with {@code train} and {@code test} images into {@code dir}; returns {@code dir}. */
    public static Path write(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        var random = new SplittableRandom(11);
        write(dir, "train", train, random);
        write(dir, "t10k", test, random);
        return dir;
    }

    private static void write(Path dir, String split, int n, SplittableRandom random) throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int p = 0; p < 28 * 28; p++) {
                int row = p / 28;
                pixels[i * 28 * 28 + p] = (byte) (Math.abs(row - 2 - 2 * c) <= 1 ? 200 + random.nextInt(55) : random.nextInt(60));
            }
        }
        try (var out = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte")))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (var out = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(n);
            out.write(labels);
        }
    }
}
