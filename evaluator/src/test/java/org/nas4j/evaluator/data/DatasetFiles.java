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

    /** {@code n} images of {@code size}x{@code size}, image i filled with value i % 256 and labelled i % 10. */
    static void idx(Path dir, String prefix, int n, int size, boolean gzip) throws IOException {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        idx(dir, prefix, labels, size, gzip);
    }

    /** One image per label, image i filled with value i % 256. */
    static void idx(Path dir, String prefix, int[] labels, int size, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        int n = labels.length;
        byte[] body = new byte[n * size * size];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i / (size * size));
        }
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) labels[i];
        }
        String gz = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), idxBytes(IdxFiles.IMAGES_MAGIC, new int[] {n, size, size}, body), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), idxBytes(IdxFiles.LABELS_MAGIC, new int[] {n}, y), gzip);
    }

    /** The bytes of an IDX file: magic, dimensions, body. */
    static byte[] idxBytes(int magic, int[] dims, byte[] body) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(body);
        return bytes.toByteArray();
    }

    /** A CIFAR batch of {@code n} images, image i with label i % classes and red plane value i, others 0. */
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

    /** Writes a complete CIFAR-10 directory: five training batches of {@code perBatch} images and a test batch. */
    static void cifar10(Path dir, int perBatch, int test) throws IOException {
        for (int i = 1; i <= 5; i++) {
            cifar(dir.resolve("data_batch_" + i + ".bin"), perBatch, false);
        }
        cifar(dir.resolve("test_batch.bin"), test, false);
    }

    static void write(Path file, byte[] data, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(data);
        }
    }
}
