package org.nas4j.evaluator.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.nas4j.core.config.ConfigNode;

/**
 * The {@code dataset} section of an experiment file. Immutable. The seed of the split is not here: it comes from
 * the experiment's seed, through the caller of {@link DataSplits#load}.
 *
 * @param format             {@code idx} (MNIST format, e.g. Fashion-MNIST), {@code cifar10} or {@code cifar100}
 * @param path               the directory holding the files (default {@link #FASHION_MNIST}; required for CIFAR)
 * @param validationFraction share of the training file held out, stratified, for validation (the reward)
 * @param trainSubset        train on this many images only (0: all), for low-fidelity search
 * @param validationSubset   validate on this many only (0: all)
 * @param cropPadding        random crops after zero padding by this many pixels (training batches only; 0: off)
 * @param flip               random horizontal flips (training batches only; right for clothes and CIFAR, not for digits)
 */
public record DatasetSection(String format, Path path, double validationFraction, int trainSubset,
                             int validationSubset, int cropPadding, boolean flip) {
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /**
     * Reads and validates the {@code dataset} section of {@code experiment} (defaults when it is absent: Fashion-MNIST,
     * a tenth for validation). Reads no dataset file; errors name the file and the field.
     */
    public static DatasetSection from(ConfigNode experiment) {
        var section = experiment.optionalSection("dataset");
        if (section.isEmpty()) {
            return new DatasetSection("idx", FASHION_MNIST, 0.1, 0, 0, 0, false);
        }
        ConfigNode d = section.get();
        d.allowOnly(Set.of("format", "path", "validation_fraction", "train_subset", "validation_subset", "augment"));
        String format = d.getNames("format", List.of("idx"), Set.of("idx", "cifar10", "cifar100")).get(0);
        if (!d.has("path") && !format.equals("idx")) {
            throw d.error("path", "is missing: give the directory that holds the " + format + " binary files");
        }
        int crop = 0;
        boolean flip = false;
        if (d.has("augment")) {
            ConfigNode a = d.section("augment");
            a.allowOnly(Set.of("crop_padding", "flip"));
            crop = a.getInt("crop_padding", 0, 0, 16);
            flip = a.getBoolean("flip", false);
        }
        return new DatasetSection(format, Path.of(d.getString("path", FASHION_MNIST.toString())),
                d.getDouble("validation_fraction", 0.1, 0.001, 0.9), d.getInt("train_subset", 0, 0, 100_000_000),
                d.getInt("validation_subset", 0, 0, 100_000_000), crop, flip);
    }
}
