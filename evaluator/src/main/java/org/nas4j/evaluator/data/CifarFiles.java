package org.nas4j.evaluator.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nas4j.core.UserError;

/**
 * Reads CIFAR binary batches: per image one label byte (CIFAR-100: coarse then fine) and 3,072 pixel bytes
 * (1,024 red, green, blue, row-major), which is already the NCHW layout of {@link ImageDataset}, so pixels are
 * read straight into place. CIFAR-100 keeps the fine label (100 classes). Stateless.
 */
public final class CifarFiles {
    static final int PIXELS = 3 * 32 * 32;

    private CifarFiles() {}

    /**
     * All images of {@code files}, in file order, as one dataset owning fresh arrays; {@code hint} (where to put
     * the batches) ends every {@link UserError}: missing file, truncated file, label out of range.
     */
    public static ImageDataset read(List<Path> files, boolean cifar100, String name, String hint) {
        int labelBytes = cifar100 ? 2 : 1;
        int record = labelBytes + PIXELS;
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError(f + " does not exist: " + hint);
            }
            try {
                long size = Files.size(f);
                if (size == 0 || size % record != 0) {
                    throw new UserError(f + " is truncated or is not a CIFAR-" + (cifar100 ? "100" : "10") + " binary file ("
                            + size + " bytes is not a whole number of " + record + "-byte records): " + hint);
                }
                total += size / record;
            } catch (IOException e) {
                throw new UserError("cannot read " + f + ": " + e.getMessage());
            }
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[Math.multiplyExact(n, PIXELS)];
        int[] labels = new int[n];
        int classes = cifar100 ? 100 : 10;
        int i = 0;
        for (Path f : files) {
            try (var in = IdxFiles.open(f, hint)) {
                byte[] label = new byte[labelBytes];
                while (i < n) {
                    try {
                        in.readFully(label);
                    } catch (EOFException end) {
                        break;
                    }
                    labels[i] = label[labelBytes - 1] & 0xff;
                    if (labels[i] >= classes) {
                        throw new UserError(f + ": label " + labels[i] + " is not below " + classes + " classes: " + hint);
                    }
                    in.readFully(pixels, i * PIXELS, PIXELS);
                    i++;
                }
            } catch (IOException e) {
                throw new UserError("cannot read " + f + ": " + e.getMessage() + "; " + hint);
            }
        }
        return new ImageDataset(name, 32, 32, 3, classes, pixels, labels);
    }
}
