package org.nas4j.daemon.search;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.SearchStrategy;
import org.nas4j.evaluator.Experiment;
import org.nas4j.evaluator.data.SplitData;
import org.nas4j.evaluator.shared.SharedSettings;
import org.nas4j.evaluator.shared.Supernet;
import org.nas4j.evaluator.train.Trainer;
import org.nas4j.store.ExperimentRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.SharedRuns;
import org.nas4j.store.StrategyCheckpoint;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A shared-weight (ENAS) search: for each supernet epoch a weights phase (every training batch trains one child the
 * controller samples) then a controller phase (each sampled child scored on a validation batch with the shared weights,
 * the reward told to the controller); then derive (children sampled from the final policy, scored on more validation
 * images, the best {@code top_k} kept), those trained from scratch as ordinary stand-alone trials, and the best of them
 * trained on the full training split by {@link FinalStep}. Each epoch is stored with the supernet and the controller in
 * one transaction, so a kill resumes from the last finished epoch; every later step is stored as it ends. The
 * controller sees only architectures and rewards. Thread-safe controls; {@link #run} once.
 */
public final class SharedSearch implements SearchControl {
    private final NasStore store;
    private final ExperimentRecord experiment;
    private final SharedSettings settings;
    private final SearchStrategy controller;
    private final Supernet supernet;
    private final Experiment full;
    private final Function<List<Architecture>, SearchLoop> standalone;
    private final FinalStep finalStep;
    private final LongSupplier nanoTime;
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile SearchLoop loop;

    /**
     * @param full       the experiment with its whole training and validation splits (no subsets)
     * @param standalone the stand-alone search over the derived candidates
     */
    public SharedSearch(NasStore store, ExperimentRecord experiment, SharedSettings settings, SearchStrategy controller,
                        Experiment full, Function<List<Architecture>, SearchLoop> standalone, FinalStep finalStep,
                        LongSupplier nanoTime) {
        this.store = store;
        this.experiment = experiment;
        this.settings = settings;
        this.controller = controller;
        this.supernet = new Supernet(full.space(), settings);
        this.full = full;
        this.standalone = standalone;
        this.finalStep = finalStep;
        this.nanoTime = nanoTime;
    }

    @Override
    public void stop() {
        stopping = true;
        SearchLoop l = loop;
        if (l != null) {
            l.stop();
        }
    }

    @Override
    public void pause(boolean pause) {
        paused = pause;
        SearchLoop l = loop;
        if (l != null) {
            l.pause(pause);
        }
    }

    /** Runs (or resumes) to the end; returns the final status (finished, stopped, failed). */
    public ExperimentStatus run(PrintWriter out) throws InterruptedException {
        SharedRuns runs = store.shared();
        long id = experiment.id();
        ExperimentStatus status = ExperimentStatus.FAILED;
        store.status(id, ExperimentStatus.RUNNING);
        try {
            if (runs.derived(id).isEmpty()) { // after derive, the strategy checkpoint is the stand-alone loop's
                int done = runs.checkpoint(id).map(cp -> {
                    load(cp.weights());
                    store.checkpoint(id).ifPresent(c -> controller.restore(c.state()));
                    return cp.epoch();
                }).orElse(0);
                SplitData data = full.data();
                List<DataSet> validation = batches(data.validation(settings.batchSize()), Integer.MAX_VALUE);
                for (int epoch = done + 1; epoch <= settings.epochs(); epoch++) {
                    if (!epoch(epoch, data, validation, out)) {
                        return status = ExperimentStatus.STOPPED;
                    }
                }
                derive(validation, out);
            }
            List<Architecture> candidates = runs.derived(id).stream().filter(c -> c.rank() <= settings.topK())
                    .map(c -> Architecture.fromJson(Json.read(c.architectureJson(), "derived candidate"), "derived candidate"))
                    .toList();
            if (stopping) {
                return status = ExperimentStatus.STOPPED;
            }
            loop = standalone.apply(candidates);
            if (paused) {
                loop.pause(true);
            }
            ExperimentStatus s = loop.run();
            if (s != ExperimentStatus.FINISHED) {
                return status = s;
            }
            store.status(id, ExperimentStatus.RUNNING); // the trials are done; the final training is still to come
            try {
                status = stopping ? ExperimentStatus.STOPPED : finalStep.run(store, experiment, out, () -> stopping)
                        ? ExperimentStatus.FINISHED : ExperimentStatus.FAILED;
            } catch (Trainer.Stopped stopped) {
                out.println("final training stopped: nas resume " + experiment.name() + " trains it again");
                status = ExperimentStatus.STOPPED;
            }
            return status;
        } finally {
            store.status(id, status);
        }
    }

    /** One weights phase and one controller phase, stored together; false when stopped before its end. */
    private boolean epoch(int epoch, SplitData data, List<DataSet> validation, PrintWriter out) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long limit = settings.imagesPerEpoch() <= 0 ? Long.MAX_VALUE : settings.imagesPerEpoch();
        long stepsPerEpoch = Math.max(1, Math.min(data.splits().train().size(), limit) / settings.batchSize());
        long totalSteps = stepsPerEpoch * settings.epochs();
        DataSetIterator train = data.train(settings.batchSize(), experiment.seed() + epoch);
        double loss = 0;
        long step = 0;
        long dropped = 0;
        double rate = settings.learningRate();
        for (; step < stepsPerEpoch && train.hasNext(); step++) {
            if (!waitWhilePaused()) {
                return false;
            }
            rate = settings.learningRate((epoch - 1) * stepsPerEpoch + step, totalSteps);
            double l = supernet.train(controller.ask(), train.next(), rate);
            if (Double.isFinite(l)) {
                loss += l;
            } else {
                dropped++;
            }
        }
        var samples = new ArrayList<SharedRuns.Sample>();
        double reward = 0;
        for (int i = 0; i < settings.controllerSamples(); i++) {
            if (!waitWhilePaused()) {
                return false;
            }
            Architecture child = controller.ask();
            double accuracy = supernet.accuracy(child, validation.get((int) (((long) epoch * 7919 + i) % validation.size())));
            controller.tell(child, accuracy);
            reward += accuracy;
            samples.add(new SharedRuns.Sample((long) (epoch - 1) * settings.controllerSamples() + i + 1, epoch, child.key(), accuracy));
        }
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        var row = new SharedRuns.Epoch(epoch, loss / Math.max(1, step - dropped), reward / Math.max(1, samples.size()), rate,
                supernet.iterations(), seconds);
        long tells = (long) epoch * settings.controllerSamples();
        store.shared().epoch(experiment.id(), row, samples, save(),
                new StrategyCheckpoint(tells, controller.snapshot(), controller.takePolicySteps()));
        store.addElapsed(experiment.id(), seconds);
        out.printf("supernet epoch %d of %d: train loss %.4f, mean reward %.4f over %d children, %d steps%s, %.0f s%n", epoch,
                settings.epochs(), row.trainLoss(), row.meanReward(), samples.size(), step,
                dropped == 0 ? "" : " (" + dropped + " dropped: the loss was not finite)", seconds);
        out.flush();
        return true;
    }

    /** Samples children from the final policy, scores them on more validation images and stores them best first. */
    private void derive(List<DataSet> validation, PrintWriter out) {
        long start = nanoTime.getAsLong();
        int batches = Math.max(1, Math.min(validation.size(), (settings.deriveImages() + settings.batchSize() - 1) / settings.batchSize()));
        Map<String, Architecture> children = new LinkedHashMap<>();
        for (int i = 0; i < settings.deriveSamples() * 10 && children.size() < settings.deriveSamples(); i++) {
            Architecture a = controller.ask();
            children.putIfAbsent(a.key(), a);
        }
        record Scored(Architecture architecture, double accuracy) {}
        var scored = new ArrayList<Scored>();
        for (Architecture a : children.values()) {
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                sum += supernet.accuracy(a, validation.get(b));
            }
            scored.add(new Scored(a, sum / batches));
        }
        scored.sort(Comparator.comparingDouble(Scored::accuracy).reversed());
        var candidates = new ArrayList<SharedRuns.Candidate>();
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            candidates.add(new SharedRuns.Candidate(i + 1, s.architecture().key(), Json.write(s.architecture().toJson()),
                    s.accuracy(), Double.NaN, null, null));
        }
        store.shared().derived(experiment.id(), candidates);
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        store.addElapsed(experiment.id(), seconds);
        out.printf("derived %d children on %d validation images in %.0f s; the best %d (shared-weight accuracy %.4f to %.4f) "
                + "train from scratch next%n", scored.size(), batches * settings.batchSize(), seconds, Math.min(settings.topK(),
                scored.size()), scored.get(0).accuracy(), scored.get(Math.min(settings.topK(), scored.size()) - 1).accuracy());
        out.flush();
    }

    /** Blocks while paused (recording the status); false when stopped. */
    private boolean waitWhilePaused() throws InterruptedException {
        if (paused && !stopping) {
            store.status(experiment.id(), ExperimentStatus.PAUSED);
            while (paused && !stopping) {
                Thread.sleep(100);
            }
            if (!stopping) {
                store.status(experiment.id(), ExperimentStatus.RUNNING);
            }
        }
        return !stopping;
    }

    private static List<DataSet> batches(DataSetIterator it, int max) {
        var out = new ArrayList<DataSet>();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
        }
        return out;
    }

    private byte[] save() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            supernet.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void load(byte[] weights) {
        try (var in = new DataInputStream(new ByteArrayInputStream(weights))) {
            supernet.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored supernet checkpoint is unreadable: " + e.getMessage(), e);
        }
    }
}
