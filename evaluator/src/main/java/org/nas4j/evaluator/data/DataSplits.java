package org.nas4j.evaluator.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The three splits of an experiment: train and validation carved from the training file (stratified,
 * deterministic for a seed), and the test file, which only the final evaluation of exports touches.
 */
public record DataSplits(ImageDataset train, ImageDataset validation, ImageDataset test) {

    /** Reads the files of {@code section} and splits them with {@code seed}. */
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
        return new DataSplits(trainTest[0].subset(train, " train"), trainTest[0].subset(validation, " validation"), trainTest[1]);
    }

    private static ImageDataset[] idx(Path dir) {
        String hint = dir.equals(DatasetSection.FASHION_MNIST)
                ? "install Fashion-MNIST with `apt-get install -y dataset-fashion-mnist`, or set dataset.path to a directory with the four IDX files"
                : "set dataset.path to a directory with train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)";
        return new ImageDataset[] {
            IdxFiles.read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), dir.getFileName() + "", 10, hint),
            IdxFiles.read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), dir.getFileName() + " test", 10, hint)};
    }

    /** {@code name.gz} when it exists, else {@code name}. */
    private static Path find(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return gz.toFile().isFile() ? gz : dir.resolve(name);
    }

    private static ImageDataset[] cifar(Path dir, boolean hundred) {
        String hint = "put the CIFAR-" + (hundred ? "100" : "10") + " binary version (" + (hundred ? "train.bin, test.bin"
                : "data_batch_1.bin .. data_batch_5.bin, test_batch.bin") + ") in " + dir + " or set dataset.path";
        List<Path> train = hundred ? List.of(dir.resolve("train.bin"))
                : IntStream.rangeClosed(1, 5).mapToObj(i -> dir.resolve("data_batch_" + i + ".bin")).toList();
        Path test = dir.resolve(hundred ? "test.bin" : "test_batch.bin");
        String name = hundred ? "cifar100" : "cifar10";
        return new ImageDataset[] {CifarFiles.read(train, hundred, name, hint), CifarFiles.read(List.of(test), hundred, name + " test", hint)};
    }

    /** {train indices, validation indices}: each class split by {@code fraction}, in a seeded random order. */
    static int[][] stratified(int[] labels, int classes, double fraction, SplittableRandom random) {
        var train = new ArrayList<Integer>();
        var validation = new ArrayList<Integer>();
        for (int[] members : byClass(labels, classes, IntStream.range(0, labels.length).toArray())) {
            shuffle(members, random);
            int v = (int) Math.round(members.length * fraction);
            for (int i = 0; i < members.length; i++) {
                (i < v ? validation : train).add(members[i]);
            }
        }
        return new int[][] {sorted(train), sorted(validation)};
    }

    /** A stratified subset of {@code size} of {@code indices} (all of them when size is 0 or too large). */
    static int[] subset(int[] indices, int[] labels, int classes, int size, SplittableRandom random) {
        if (size <= 0 || size >= indices.length) {
            return indices;
        }
        var out = new ArrayList<Integer>();
        for (int[] members : byClass(labels, classes, indices)) {
            shuffle(members, random);
            long take = Math.round((double) members.length * size / indices.length);
            for (int i = 0; i < take && i < members.length; i++) {
                out.add(members[i]);
            }
        }
        return sorted(out);
    }

    private static List<int[]> byClass(int[] labels, int classes, int[] indices) {
        var lists = new ArrayList<List<Integer>>();
        for (int c = 0; c < classes; c++) {
            lists.add(new ArrayList<>());
        }
        for (int i : indices) {
            lists.get(labels[i]).add(i);
        }
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> list) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
