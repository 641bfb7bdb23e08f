package org.nas4j.daemon.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasProcess;
import org.nas4j.evaluator.data.DatasetSection;
import org.nas4j.store.NasStore;
import org.nas4j.store.TrialRecord;

/**
 * Crash torture with real processes, real H2 files and real {@code kill -9}: a search daemon is killed at random
 * instants, each kill followed by random readers of the same file ({@code nas status}, {@code nas list},
 * {@code nas serve} with API reads) and {@code nas resume}, until a resumed run reaches its budget. After every kill the
 * database must open, hold every trial the daemon had reported finished, and keep every trial finished before
 * unchanged; at the end the budget is reached with each architecture evaluated once, and a deterministic search equals
 * an uninterrupted run of it: trials, rewards and policy steps.
 */
class CrashTortureTest {
    private static final Pattern FINISHED = Pattern.compile("\\[(\\d+)/\\d+ trials]");
    private static final Random RANDOM = new Random(20261202);
    private static int kills;

    @AfterAll
    static void figures() {
        System.out.println("crash torture: " + kills + " kills, 0 unopenable databases, 0 results lost, 0 trials evaluated twice");
    }

    @Test
    void aDeterministicReinforceSearchKilledAgainAndAgainEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path config = MacroExperiment.write(dir, "det", 11, 40, "strategy: reinforce\nbudget: {trials: 100}\n");
        String reference = "jdbc:h2:file:" + dir.resolve("reference");
        Process uninterrupted = NasProcess.start(dir, "search", "--config", config.toString(), "--db", reference, "--no-web");
        assertTrue(uninterrupted.waitFor(5, TimeUnit.MINUTES) && uninterrupted.exitValue() == 0, log(dir));

        String url = "jdbc:h2:file:" + dir.resolve("tortured");
        torture(dir, config, url, "det", 100, 10, 1500, 4000);
        try (var a = NasStore.open(reference); var b = NasStore.open(url)) {
            assertEquals(outcome(a, "det"), outcome(b, "det"), "trials and rewards equal the uninterrupted run's");
            assertEquals(steps(a, "det"), steps(b, "det"), "policy steps equal the uninterrupted run's");
        }
    }

    @Test
    void anEvolutionSearchWithTwoTrialsAtOnceLosesAndRepeatsNothing(@TempDir Path dir) throws Exception {
        Path config = MacroExperiment.write(dir, "evo", 5, 100,
                "strategy: {name: evolution, population: 10, sample: 3}\nworkers: {count: 2}\nbudget: {trials: 200}\n");
        torture(dir, config, "jdbc:h2:file:" + dir.resolve("db"), "evo", 200, 10, 1500, 4000);
    }

    @Test
    void aRealTrainingSearchResumesItsTrialsFromTheirEpochCheckpoints(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        Path config = dir.resolve("train.yaml");
        Files.writeString(config, TrainingSearchTest.tiny("train", TrainingSearchTest.smallFashionMnist(dir.resolve("data")))
                .replace("max_epochs: 2", "max_epochs: 3, patience: 3") + """
                strategy: random
                pruning: {enabled: false}
                workers: {count: 1, memory_gb: 1.5}
                budget: {trials: 3}
                """);
        String url = "jdbc:h2:file:" + dir.resolve("db");
        torture(dir, config, url, "train", 3, 4, 6000, 20000);
        try (var store = NasStore.open(url)) {
            for (TrialRecord t : trials(store, "train")) {
                var epochs = store.curve(t.id()).stream().map(m -> m.epoch()).toList();
                assertEquals(List.of(1, 2, 3), epochs, "trial " + t.number() + " trained each epoch once");
            }
        }
    }

    /**
     * Kills the search of {@code config} up to {@code maxKills} times, each after a random time in [minMs, maxMs), with
     * readers and a resume after each kill, then lets the last resume finish; checks the store after every kill and at the end.
     */
    private static void torture(Path dir, Path config, String url, String name, int budget, int maxKills, long minMs,
                                long maxMs) throws Exception {
        Map<Long, String> finished = new HashMap<>(); // every trial seen finished, as it was then
        long logStart = Files.exists(NasProcess.log(dir)) ? Files.size(NasProcess.log(dir)) : 0;
        Process daemon = NasProcess.start(dir, "search", "--config", config.toString(), "--db", url, "--no-web");
        for (int kill = 0; ; kill++) {
            boolean last = kill == maxKills;
            if (!daemon.waitFor(last ? 600_000 : minMs + (long) (RANDOM.nextDouble() * (maxMs - minMs)), TimeUnit.MILLISECONDS)) {
                assertTrue(!last, "the last resume ends\n" + log(dir));
                daemon.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
                kills++;
                String out = Files.readString(NasProcess.log(dir)).substring((int) logStart);
                boolean exists = check(url, name, reported(out), finished);
                for (int r = 1 + RANDOM.nextInt(2); r > 0; r--) {
                    read(dir, url, name, exists);
                }
                logStart = Files.size(NasProcess.log(dir));
                daemon = exists ? NasProcess.start(dir, "resume", name, "--db", url, "--no-web")
                        : NasProcess.start(dir, "search", "--config", config.toString(), "--db", url, "--no-web");
                continue;
            }
            assertEquals(0, daemon.exitValue(), log(dir));
            break;
        }
        assertTrue(check(url, name, budget, finished));
        try (var store = NasStore.open(url)) {
            var e = store.require(name);
            assertEquals("finished", e.status().id());
            List<TrialRecord> all = trials(store, name);
            assertEquals(budget, all.size(), "the budget is reached, no trial more");
            assertTrue(all.stream().allMatch(t -> t.state().finished()), "every trial finished");
            assertEquals(budget, all.stream().map(TrialRecord::key).distinct().count(), "each architecture once");
        }
    }

    /**
     * The store opens, holds at least the {@code reported} finished trials, and every trial finished before is unchanged;
     * returns whether the experiment is stored (a kill may come before).
     */
    private static boolean check(String url, String name, int reported, Map<Long, String> finished) {
        try (var store = NasStore.open(url)) {
            if (store.experiment(name).isEmpty()) {
                assertEquals(0, reported, "killed before the experiment was stored, and it had finished nothing");
                return false;
            }
            Map<Long, String> now = new HashMap<>();
            for (TrialRecord t : trials(store, name)) {
                if (t.state().finished()) {
                    now.put(t.id(), t.key() + " " + t.state() + " " + t.reward() + " " + t.finishedAt());
                }
            }
            assertTrue(now.size() >= reported, "the daemon reported " + reported + " finished trials; the store holds " + now.size());
            for (var e : finished.entrySet()) {
                assertEquals(e.getValue(), now.get(e.getKey()), "trial " + e.getKey() + " finished once and never again");
            }
            finished.putAll(now);
            return true;
        }
    }

    /** One random reader of the database, as a user would run it after a crash; {@code exists}: the experiment is stored. */
    private static void read(Path dir, String url, String name, boolean exists) throws Exception {
        switch (RANDOM.nextInt(3)) {
            case 0 -> assertEquals(exists ? 0 : 2, run(dir, "status", name, "--db", url, "--json"), log(dir));
            case 1 -> assertEquals(0, run(dir, "list", "--db", url), log(dir));
            default -> {
                Path own = Files.createTempDirectory(dir, "serve"); // its own log, to read its own address from
                Process serve = NasProcess.start(own, "serve", "--db", url, "--port", "0");
                try {
                    String base = NasProcess.dashboardUrl(own, serve).replaceFirst("/$", "");
                    var http = HttpClient.newHttpClient();
                    for (String path : List.of("/api/experiments", "/api/experiments/" + name, "/api/experiments/" + name + "/trials")) {
                        var response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
                        assertTrue(response.statusCode() == (exists || !path.contains(name) ? 200 : 404), path
                                + " answered " + response.statusCode() + ": " + response.body());
                    }
                } finally {
                    serve.destroy(); // SIGTERM, as a user stops it
                    serve.waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static int run(Path dir, String... args) throws Exception {
        Process p = NasProcess.start(dir, args);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", args) + " ends");
        return p.exitValue();
    }

    /** The number of finished trials the daemon last reported in {@code out}. */
    private static int reported(String out) {
        Matcher m = FINISHED.matcher(out);
        int n = 0;
        while (m.find()) {
            n = Integer.parseInt(m.group(1));
        }
        return n;
    }

    private static List<TrialRecord> trials(NasStore store, String name) {
        return store.trials(store.require(name).id());
    }

    private static List<String> outcome(NasStore store, String name) {
        List<String> out = new ArrayList<>();
        for (TrialRecord t : trials(store, name)) {
            out.add(t.number() + " " + t.key() + " " + t.state() + " " + t.reward());
        }
        assertTrue(out.stream().noneMatch(s -> s.contains(TrialState.PENDING.name())));
        return out;
    }

    private static List<PolicyStep> steps(NasStore store, String name) {
        return store.queries().policySteps(name);
    }

    private static String log(Path dir) throws java.io.IOException {
        return Files.exists(NasProcess.log(dir)) ? Files.readString(NasProcess.log(dir)) : "";
    }
}
