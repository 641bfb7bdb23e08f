package org.nas4j.evaluator.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nas4j.core.UserError;

/**
 * Reads MNIST-format IDX files, gzipped or raw (told apart by the gzip magic bytes, not the name): unsigned-byte
 * images (magic 2051) and labels (magic 2049). Each file is read once, straight into the dataset's arrays.
 * Every problem is a one-line {@link UserError} naming the file and ending with the caller's hint. Stateless.
 */
public final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /**
     * Images and labels of one split, labelled 0..classes-1; {@code hint} says how to install or place the
     * files. The returned dataset owns fresh arrays.
     */
    public static ImageDataset read(Path images, Path labels, String name, int classes, String hint) {
        try (var in = open(images, hint)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new UserError(images + " is not an IDX image file (magic " + magic + ", expected 2051): " + hint);
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24 || (long) n * rows * cols > Integer.MAX_VALUE - 8) {
                throw new UserError(images + " has a malformed IDX header (" + n + " images of " + rows + "x" + cols + "): " + hint);
            }
            byte[] pixels = new byte[Math.multiplyExact(n, rows * cols)];
            in.readFully(pixels);
            int[] y = readLabels(labels, n, classes, hint);
            return new ImageDataset(name, rows, cols, 1, classes, pixels, y);
        } catch (EOFException e) {
            throw new UserError(images + " is truncated (fewer images than its header says): " + hint);
        } catch (IOException e) {
            throw new UserError("cannot read " + images + ": " + e.getMessage() + "; " + hint);
        }
    }

    private static int[] readLabels(Path labels, int n, int classes, String hint) throws IOException {
        try (var in = open(labels, hint)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new UserError(labels + " is not an IDX label file (magic " + magic + ", expected 2049): " + hint);
            }
            int count = in.readInt();
            if (count < 0) {
                throw new UserError(labels + " has a malformed IDX header (" + count + " labels): " + hint);
            }
            if (count != n) {
                throw new UserError(labels + " has " + count + " labels but its images file has " + n + " images: " + hint);
            }
            byte[] raw = new byte[n];
            in.readFully(raw);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = raw[i] & 0xff;
                if (y[i] >= classes) {
                    throw new UserError(labels + ": label " + y[i] + " of image " + i + " is not below " + classes + " classes: " + hint);
                }
            }
            return y;
        } catch (EOFException e) {
            throw new UserError(labels + " is truncated (fewer labels than its header says): " + hint);
        }
    }

    /** A buffered stream, gunzipped when the file starts with the gzip magic bytes. */
    static DataInputStream open(Path file, String hint) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " does not exist: " + hint);
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }
}
