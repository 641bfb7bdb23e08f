package org.nas4j.evaluator.shared;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nas4j.backend.Dl4jRuntime;
import org.nas4j.core.config.ConfigNode;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The {@code shared} section of an experiment whose {@code evaluation} is {@code shared}: how the supernet is
 * trained, how the controller learns from it, and what comes after (derive, stand-alone trials, final training).
 * Defaults follow ENAS (SGD with Nesterov momentum and a cosine schedule, 1e-4 weight decay), sized for 2 CPU cores.
 *
 * @param epochs            supernet epochs; each is a weights phase then a controller phase
 * @param imagesPerEpoch    training images per weights phase (0: the whole training split), one sampled child per batch
 * @param batchSize         images per training and scoring batch
 * @param optimizer         {@code sgd} (Nesterov momentum) or {@code adam}
 * @param learningRate      the weights' learning rate at the start; cosine to {@code minLearningRate} over the epochs
 * @param controllerSamples children scored per controller phase, each on one validation batch; the controller learns from each
 * @param deriveSamples     children sampled from the final policy, each scored on {@code deriveImages} validation images
 * @param topK              the best of them trained from scratch as stand-alone trials (the {@code training} section)
 * @param finalEpochs       the final training of the best stand-alone trial on the full training split (0: none)
 * @param finalPatience     its early-stopping patience on the validation split
 * @param cachedChildren    compiled children kept for reuse
 */
public record SharedSettings(int epochs, int imagesPerEpoch, int batchSize, String optimizer, double learningRate,
                             double minLearningRate, double momentum, double weightDecay, int controllerSamples,
                             int deriveSamples, int deriveImages, int topK, int finalEpochs, int finalPatience,
                             int cachedChildren) {
    static final Set<String> FIELDS = Set.of("epochs", "images_per_epoch", "batch_size", "optimizer", "learning_rate",
            "min_learning_rate", "momentum", "weight_decay", "controller_samples", "derive_samples", "derive_images",
            "top_k", "final_epochs", "final_patience", "cached_children");

    public static SharedSettings defaults() {
        return new SharedSettings(10, 0, 128, "sgd", 0.05, 0.0005, 0.9, 1e-4, 100, 100, 1000, 5, 20, 4, 32);
    }

    /** The {@code shared} section of an experiment whose {@code evaluation} is {@code shared}; empty for stand-alone. */
    public static Optional<SharedSettings> from(ConfigNode experiment) {
        String mode = experiment.getNames("evaluation", List.of("standalone"), Set.of("standalone", "shared")).get(0);
        if (!mode.equals("shared")) {
            if (experiment.has("shared")) {
                throw experiment.error("shared", "is given but evaluation is standalone: set 'evaluation: shared' or remove it");
            }
            return Optional.empty();
        }
        SharedSettings d = defaults();
        var section = experiment.optionalSection("shared");
        if (section.isEmpty()) {
            return Optional.of(d);
        }
        ConfigNode s = section.get();
        s.allowOnly(FIELDS);
        return Optional.of(new SharedSettings(
                s.getInt("epochs", d.epochs, 1, 100_000),
                s.getInt("images_per_epoch", d.imagesPerEpoch, 0, 100_000_000),
                s.getInt("batch_size", d.batchSize, 2, 65_536),
                s.getNames("optimizer", List.of(d.optimizer), Set.of("sgd", "adam")).get(0),
                s.getDouble("learning_rate", d.learningRate, 1e-9, 100),
                s.getDouble("min_learning_rate", d.minLearningRate, 0, 100),
                s.getDouble("momentum", d.momentum, 0, 0.9999),
                s.getDouble("weight_decay", d.weightDecay, 0, 1),
                s.getInt("controller_samples", d.controllerSamples, 0, 10_000_000),
                s.getInt("derive_samples", d.deriveSamples, 1, 1_000_000),
                s.getInt("derive_images", d.deriveImages, 1, 100_000_000),
                s.getInt("top_k", d.topK, 1, 1000),
                s.getInt("final_epochs", d.finalEpochs, 0, 100_000),
                s.getInt("final_patience", d.finalPatience, 1, 100_000),
                s.getInt("cached_children", d.cachedChildren, 1, 100_000)));
    }

    /** The learning rate of training step {@code step} of {@code steps}: cosine from learningRate to minLearningRate. */
    public double learningRate(long step, long steps) {
        double t = steps <= 1 ? 0 : Math.min(1, (double) step / steps);
        return minLearningRate + (learningRate - minLearningRate) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    /** Sets the updater and weight decay of a child's DL4J builder (the learning rate is set per step). */
    public void apply(NeuralNetConfiguration.Builder builder) {
        builder.cacheMode(CacheMode.DEVICE).seed(Dl4jRuntime.seed(0))
                .updater(optimizer.equals("adam") ? new Adam(learningRate) : new Nesterovs(learningRate, Math.max(1e-9, momentum)));
        if (weightDecay > 0) {
            builder.weightDecay(weightDecay, true);
        }
    }
}
