package org.nas4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.daemon.search.TrainingSearchTest;
import org.nas4j.store.EventRecord;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/** Experiment files and `nas` runs for the Spark tests, and what the store holds afterwards. */
final class Searches {
    /** What a trial's stored result is, without its ids and times. */
    record Stored(int number, String key, String state, String stopReason, double reward, int epochsRun, long params) {}

    private Searches() {}

    /** A NAS-Bench-Macro search: {@code body} adds the strategy, workers, budget and executor. */
    static Path tabular(Path dir, String name, String body) throws Exception {
        return tabular(dir, name, 0, body);
    }

    /** The same, each lookup taking {@code delayMs} as if it trained. */
    static Path tabular(Path dir, String name, long delayMs, String body) throws Exception {
        return MacroExperiment.write(dir, name, 11, delayMs, body);
    }

    /** A tiny CNN search on 500 Fashion-MNIST images (400 to train on, 100 to validate), without pruning. */
    static Path training(Path dir, String name, String body) throws Exception {
        Path data = dir.resolve("fashion-mnist-small");
        if (!Files.isDirectory(data)) {
            TrainingSearchTest.smallFashionMnist(data);
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, TrainingSearchTest.tiny(name, data) + "pruning: {enabled: false}\n" + body);
        return file;
    }

    static List<Stored> stored(String url, String experiment) {
        try (var store = NasStore.open(url)) {
            var e = store.require(experiment);
            return store.trials(e.id()).stream().map(Searches::stored).toList();
        }
    }

    static List<String> events(String url, String experiment) {
        try (var store = NasStore.open(url)) {
            return store.queries().events(experiment, 0, 1000).stream().map(EventRecord::message).toList();
        }
    }

    private static Stored stored(TrialRecord t) {
        return new Stored(t.number(), t.key(), t.state().name(), t.stopReason(), t.reward(), t.epochsRun(), t.params());
    }
}
