package org.nas4j.evaluator.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small, real dataset files for tests: IDX (gzipped or raw) and CIFAR binary batches. */
final class DatasetFiles {
    private DatasetFiles() {}

    /** {@code n} images of {@code size}x{@code size}, image i filled with value i and labelled i % 10. */
    static void idx(Path dir, String prefix, int n, int size, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        var images = new ByteArrayOutputStream();
        var out = new DataOutputStream(images);
        out.writeInt(IdxFiles.IMAGES_MAGIC);
        out.writeInt(n);
        out.writeInt(size);
        out.writeInt(size);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size * size; p++) {
                out.writeByte(i);
            }
        }
        var labels = new ByteArrayOutputStream();
        var lout = new DataOutputStream(labels);
        lout.writeInt(IdxFiles.LABELS_MAGIC);
        lout.writeInt(n);
        for (int i = 0; i < n; i++) {
            lout.writeByte(i % 10);
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte" + (gzip ? ".gz" : "")), images.toByteArray(), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), labels.toByteArray(), gzip);
    }

    /** A CIFAR batch of {@code n} images, image i with label i % classes and red plane value i. */
    static void cifar(Path file, int n, boolean hundred) throws IOException {
        Files.createDirectories(file.getParent());
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            if (hundred) {
                bytes.write(i % 20);
            }
            bytes.write(i % (hundred ? 100 : 10));
            for (int p = 0; p < CifarFiles.PIXELS; p++) {
                bytes.write(p < 1024 ? i : 0);
            }
        }
        Files.write(file, bytes.toByteArray());
    }

    static void write(Path file, byte[] data, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(data);
        }
    }
}
