package org.nas4j.controller;

/**
 * Settings of the REINFORCE controller; defaults after ENAS's CIFAR-10 code where it applies.
 *
 * @param hidden          LSTM units
 * @param learningRate    Adam's learning rate (beta1 = 0, as in ENAS)
 * @param tanhConstant    logits are shaped as c * tanh(z / temperature); 0 switches the tanh off
 * @param temperature     sampling temperature
 * @param entropyWeight   beta of the entropy bonus in the loss
 * @param baselineDecay   decay of the exponential moving average baseline
 * @param batch           finished architectures per policy update
 * @param rewards         how a reward is transformed before use (see {@link RewardTransform})
 * @param clip            L2 norm each layer's gradient is clipped to
 * @param elite           size of the top-k buffer trained on by maximum likelihood beside the policy gradient
 *                        (priority-queue training, Abolafia et al. 2018); 0 switches it off
 * @param eliteWeight     the weight of that term: the advantage each elite architecture is trained with
 * @param warmup          rewards told before the first policy update, which then learns from all of them: until
 *                        then the policy stays uniform
 * @param unique          never propose an architecture already proposed or told (the policy renormalised
 *                        over the others); off for shared-weight search, where repeats are cheap
 * @param epochs          policy-gradient passes over each update's rows; after the first, each row's advantage is
 *                        weighted by its probability ratio to the policy that proposed it and dropped once the ratio
 *                        leaves {@code [1 - ratioClip, 1 + ratioClip]} on the side its advantage pushes (PPO's clip)
 * @param ratioClip       PPO's epsilon
 */
public record ReinforceSettings(int hidden, double learningRate, double tanhConstant, double temperature,
                                double entropyWeight, double baselineDecay, int batch, RewardTransform rewards, double clip,
                                int elite, double eliteWeight, int warmup, boolean unique, int epochs, double ratioClip) {
    /** One policy-gradient pass per update (plain REINFORCE). */
    public ReinforceSettings(int hidden, double learningRate, double tanhConstant, double temperature, double entropyWeight,
                             double baselineDecay, int batch, RewardTransform rewards, double clip, int elite,
                             double eliteWeight, int warmup, boolean unique) {
        this(hidden, learningRate, tanhConstant, temperature, entropyWeight, baselineDecay, batch, rewards, clip, elite,
                eliteWeight, warmup, unique, 1, 0.2);
    }

    public static ReinforceSettings defaults() {
        return new ReinforceSettings(64, 1e-2, 1.5, 1.0, 1e-4, 0.95, 1, RewardTransform.RANK, 5.0, 5, 0.5, 10, true);
    }
}
