package org.nas4j.evaluator.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.nas4j.core.UserError;

/**
 * The three splits of an experiment: train and validation carved from the training file (stratified,
 * deterministic for a seed), and the test file, which only the final evaluation of exports touches and which
 * is never mixed into the other two. Immutable and thread-safe; each split owns its arrays.
 */
public record DataSplits(ImageDataset train, ImageDataset validation, ImageDataset test) {

    /**
     * Reads the files of {@code section} and splits them with {@code seed}: the same seed always gives the same
     * split. Takes about a second for Fashion-MNIST: call it once per experiment.
     *
     * @throws org.nas4j.core.UserError naming the missing or malformed file and how to install or place it
     */
    public static DataSplits load(DatasetSection section, long seed) {
        ImageDataset[] trainTest = switch (section.format()) {
            case "cifar10" -> cifar(section.path(), false);
            case "cifar100" -> cifar(section.path(), true);
            default -> idx(section.path());
        };
        var random = new SplittableRandom(seed);
        int[][] parts = stratified(trainTest[0].labels(), trainTest[0].classes(), section.validationFraction(), random);
        int[] train = subset(parts[0], trainTest[0].labels(), trainTest[0].classes(), section.trainSubset(), random);
        int[] validation = subset(parts[1], trainTest[0].labels(), trainTest[0].classes(), section.validationSubset(), random);
        if (train.length == 0 || validation.length == 0) {
            throw new UserError(section.path() + ": dataset.validation_fraction " + section.validationFraction() + " leaves "
                    + train.length + " training and " + validation.length + " validation images of " + trainTest[0].size()
                    + ": choose a fraction that keeps both, or a larger training file");
        }
        return new DataSplits(trainTest[0].subset(train, " train"), trainTest[0].subset(validation, " validation"), trainTest[1]);
    }

    private static ImageDataset[] idx(Path dir) {
        String hint = idxHint(dir);
        List<Path> f = idxFiles(dir);
        return new ImageDataset[] {
            IdxFiles.read(f.get(0), f.get(1), dir.getFileName() + "", 10, hint),
            IdxFiles.read(f.get(2), f.get(3), dir.getFileName() + " test", 10, hint)};
    }

    /** Train images, train labels, test images, test labels: each {@code name.gz} when it exists, else {@code name}. */
    private static List<Path> idxFiles(Path dir) {
        return Stream.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
                .map(name -> find(dir, name)).toList();
    }

    /**
     * Throws the one-line error {@link #load} would give for a missing folder or file, without reading any: what a
     * command checks before it stores or trains anything.
     */
    public static void requireFiles(DatasetSection section) {
        Path dir = section.path();
        boolean idx = section.format().equals("idx");
        boolean hundred = section.format().equals("cifar100");
        String hint = idx ? idxHint(dir) : cifarHint(dir, hundred);
        if (!Files.isDirectory(dir)) {
            throw new UserError("dataset.path " + dir + " is not a folder: " + hint);
        }
        List<Path> files = idx ? idxFiles(dir) : Stream.concat(cifarTrain(dir, hundred).stream(), Stream.of(cifarTest(dir, hundred))).toList();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("dataset file " + f + " does not exist: " + hint);
            }
        }
    }

    /** How to install or place the IDX files that {@code dir} should hold. */
    static String idxHint(Path dir) {
        return dir.equals(DatasetSection.FASHION_MNIST)
                ? "install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist`, or set dataset.path to a directory with the four IDX files"
                : "set dataset.path to a directory with train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)";
    }

    /** {@code name.gz} when it exists, else {@code name}. */
    private static Path find(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return gz.toFile().isFile() ? gz : dir.resolve(name);
    }

    private static ImageDataset[] cifar(Path dir, boolean hundred) {
        String hint = cifarHint(dir, hundred);
        String name = hundred ? "cifar100" : "cifar10";
        return new ImageDataset[] {CifarFiles.read(cifarTrain(dir, hundred), hundred, name, hint),
            CifarFiles.read(List.of(cifarTest(dir, hundred)), hundred, name + " test", hint)};
    }

    private static String cifarHint(Path dir, boolean hundred) {
        return "put the CIFAR-" + (hundred ? "100" : "10") + " binary version (" + (hundred ? "train.bin, test.bin"
                : "data_batch_1.bin .. data_batch_5.bin, test_batch.bin") + ") in " + dir + " or set dataset.path";
    }

    private static List<Path> cifarTrain(Path dir, boolean hundred) {
        return hundred ? List.of(dir.resolve("train.bin"))
                : IntStream.rangeClosed(1, 5).mapToObj(i -> dir.resolve("data_batch_" + i + ".bin")).toList();
    }

    private static Path cifarTest(Path dir, boolean hundred) {
        return dir.resolve(hundred ? "test.bin" : "test_batch.bin");
    }

    /** {train indices, validation indices}, each sorted: every class split by {@code fraction}, in a seeded random order. */
    static int[][] stratified(int[] labels, int classes, double fraction, SplittableRandom random) {
        int[][] members = byClass(labels, classes, IntStream.range(0, labels.length).toArray());
        int[] take = new int[classes];
        for (int c = 0; c < classes; c++) {
            take[c] = (int) Math.round(members[c].length * fraction);
        }
        return split(members, take, random);
    }

    /**
     * A stratified subset of exactly {@code size} of {@code indices} (all of them when size is 0 or too large):
     * each class gets its share, rounded by largest remainder, drawn in a seeded random order.
     */
    static int[] subset(int[] indices, int[] labels, int classes, int size, SplittableRandom random) {
        if (size <= 0 || size >= indices.length) {
            return indices;
        }
        int[][] members = byClass(labels, classes, indices);
        int[] take = new int[classes];
        double[] remainder = new double[classes];
        int left = size;
        for (int c = 0; c < classes; c++) {
            double share = (double) members[c].length * size / indices.length;
            take[c] = (int) share;
            remainder[c] = share - take[c];
            left -= take[c];
        }
        for (; left > 0; left--) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            take[best]++;
            remainder[best] = -1;
        }
        return split(members, take, random)[1];
    }

    /** Shuffles each class and returns {the rest, the first take[c] of each class c}, both sorted. */
    private static int[][] split(int[][] members, int[] take, SplittableRandom random) {
        int total = 0;
        int taken = 0;
        for (int c = 0; c < members.length; c++) {
            total += members[c].length;
            taken += take[c];
        }
        int[] rest = new int[total - taken];
        int[] chosen = new int[taken];
        int r = 0;
        int k = 0;
        for (int c = 0; c < members.length; c++) {
            shuffle(members[c], random);
            System.arraycopy(members[c], 0, chosen, k, take[c]);
            System.arraycopy(members[c], take[c], rest, r, members[c].length - take[c]);
            k += take[c];
            r += members[c].length - take[c];
        }
        Arrays.sort(rest);
        Arrays.sort(chosen);
        return new int[][] {rest, chosen};
    }

    /** {@code indices} grouped by label, each group in index order. */
    private static int[][] byClass(int[] labels, int classes, int[] indices) {
        int[] count = new int[classes];
        for (int i : indices) {
            count[labels[i]]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[count[c]];
        }
        int[] fill = new int[classes];
        for (int i : indices) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
