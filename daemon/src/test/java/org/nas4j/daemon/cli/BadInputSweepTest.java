package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.Json;
import org.nas4j.daemon.cli.NasCommandTest.Result;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.daemon.search.TrainingSearchTest;
import org.nas4j.daemon.web.StoreDashboard;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import org.nas4j.web.ExperimentControls;
import org.nas4j.web.fixture.RawHttp;

/**
 * What a careless user and a hostile client try: {@value #FILES} malformed experiment files, {@value #OPTIONS} bad
 * options and {@value #REQUESTS} bad API requests. A command exits 2 with one line naming the problem (and the
 * fix), without a stack trace, and stores no experiment; a request gets a JSON 4xx with a one-line error.
 */
class BadInputSweepTest {
    static final int FILES = 60;
    static final int OPTIONS = 18;
    static final int REQUESTS = 24;

    @TempDir
    Path dir;

    record Case(String label, String text, String expected) {}

    @Test
    void everyMalformedExperimentFileIsOneLineExit2AndStoresNothing() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        Path data = Files.createDirectories(dir.resolve("empty-data"));
        String macro = Files.readString(MacroExperiment.write(dir, "sweep", 1, 0, ""));
        String cnn = TrainingSearchTest.tiny("sweep-cnn", dir.resolve("no-such-data"));
        String cnnOk = TrainingSearchTest.tiny("sweep-cnn", data);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("duplicate top-level key", macro + "seed: 2\n", "appears twice in one section, on line 2 and on line 8"),
                new Case("duplicate nested key", macro + "strategy:\n  name: random\n  name: evolution\n", "appears twice"),
                new Case("alias", macro + "strategy: &s random\nreward: *s\n", "alias *s"),
                new Case("20,000 brackets", "a: " + "[".repeat(20_000), "levels deep"),
                new Case("deep sections", macro + "budget:\n" + nested(40), "levels deep"),
                new Case("document of 2 MB", macro + "# " + "x".repeat(2_000_000) + "\n", "more than an experiment file may"),
                new Case("unclosed quote", "name: 'unclosed\n", "is not valid YAML"),
                new Case("bad indentation", "name: a\n  seed: 1\n", "is not valid YAML"),
                new Case("tab indentation", "budget:\n\ttrials: 3\n", "is not valid YAML"),
                new Case("a list at the top", "- a\n- b\n", "must hold an object of sections"),
                new Case("a scalar at the top", "hello\n", "must hold an object of sections"),
                new Case("empty file", "", "must hold an object of sections"),
                new Case("only a comment", "# nothing\n", "must hold an object of sections"),
                new Case("unknown top-level field", macro + "bugdet: {trials: 3}\n", "bugdet is not a known field"),
                new Case("name with a slash", macro.replace("name: sweep", "name: cifar/exp1"), "is not allowed"),
                new Case("name with two dots", macro.replace("name: sweep", "name: v1..v2"), "is not allowed"),
                new Case("name climbing folders", macro.replace("name: sweep", "name: ../../evil"), "is not allowed"),
                new Case("empty name", macro.replace("name: sweep", "name: ''"), "is not allowed"),
                new Case("5,000-character name", macro.replace("name: sweep", "name: " + "n".repeat(5_000)), "is not allowed"),
                new Case("name with ANSI escapes", macro.replace("name: sweep", "name: \"\\e[31mred\\e[0m\""), "is not allowed"),
                new Case("name with a newline", macro.replace("name: sweep", "name: \"a\\nb\""), "is not allowed"),
                new Case("name starting with a dash", macro.replace("name: sweep", "name: -x"), "is not allowed"),
                new Case("name is a number", macro.replace("name: sweep", "name: 5"), "name must be text"),
                new Case("seed is text", macro.replace("seed: 1", "seed: x"), "seed must be an integer"),
                new Case("seed is a fraction", macro.replace("seed: 1", "seed: 1.5"), "seed must be an integer"),
                new Case("unknown strategy", macro + "strategy: genetic\n", "has unknown name 'genetic'"),
                new Case("population 0", macro + "strategy: {name: evolution, population: 0}\n", "strategy.population must be an integer from 2"),
                new Case("sample 0", macro + "strategy: {name: evolution, sample: 0}\n", "strategy.sample must be an integer from 1"),
                new Case("misspelt population", macro + "strategy: {name: evolution, populaton: 5}\n", "populaton is not a known field"),
                new Case("negative learning rate", macro + "strategy: {name: reinforce, learning_rate: -1}\n", "strategy.learning_rate must be a number"),
                new Case("unknown reward transform", macro + "strategy: {name: reinforce, rewards: median}\n", "unknown name 'median'"),
                new Case("tiny controller", macro + "strategy: {name: reinforce, hidden: 2}\n", "strategy.hidden must be an integer from 4"),
                new Case("random with a population", macro + "strategy: {name: random, population: 4}\n", "population is not a known field"),
                new Case("strategy as a list", macro + "strategy: [random]\n", "strategy"),
                new Case("zero trials", macro + "budget: {trials: 0}\n", "budget.trials must be an integer from 1"),
                new Case("negative trials", macro + "budget: {trials: -5}\n", "budget.trials must be an integer from 1"),
                new Case("zero minutes", macro + "budget: {minutes: 0}\n", "budget.minutes must be a number"),
                new Case("trials as text", macro + "budget: {trials: ten}\n", "budget.trials must be an integer"),
                new Case("budget as a number", macro + "budget: 5\n", "budget must be a section of fields"),
                new Case("misspelt trials", macro + "budget: {trails: 5}\n", "trails is not a known field"),
                new Case("unknown reward field", macro + "reward: {bonus: 1}\n", "bonus is not a known field"),
                new Case("unknown cost", macro + "reward: {cost: latency}\n", "unknown name 'latency'"),
                new Case("unknown executor", macro + "executor: cloud\n", "unknown name 'cloud'"),
                new Case("zero workers", macro + "workers: {count: 0}\n", "workers.count must be an integer from 1"),
                new Case("both space and benchmark", macro + cnn.substring(cnn.indexOf("space:")), "not both"),
                new Case("neither space nor benchmark", "name: sweep\nseed: 1\n", "not neither"),
                new Case("benchmark without metric", macro.replace("  metric: test_acc_mean\n", ""), "benchmark.metric is missing"),
                new Case("missing table", macro.replace("cifar10.csv", "cifar11.csv"), "does not exist"),
                new Case("missing space file", macro.replace("space.json", "spaces.json"), "does not exist"),
                new Case("unknown benchmark field", macro.replace("  metric:", "  metrics: x\n  metric:"), "metrics is not a known field"),
                new Case("missing dataset folder", cnn, "dataset.path " + dir.resolve("no-such-data") + " is not a folder"),
                new Case("dataset folder without files", cnnOk, "dataset file " + data.resolve("train-images-idx3-ubyte") + " does not exist"),
                new Case("unknown dataset format", cnnOk.replace("dataset: {", "dataset: {format: png, "), "unknown name 'png'"),
                new Case("unknown op", cnnOk.replace("ops: [conv_3x3", "ops: [conv_7x7"), "unknown name 'conv_7x7'"),
                new Case("no layers", cnnOk.replace("layers: 2", "layers: 0"), "space.layers"),
                new Case("batch of 0", cnnOk.replace("batch_size: 50", "batch_size: 0"), "training.batch_size"),
                new Case("validation fraction 2", cnnOk.replace("validation_fraction: 0.2", "validation_fraction: 2"), "dataset.validation_fraction"),
                new Case("crop padding 40", cnnOk.replace("dataset: {", "dataset: {augment: {crop_padding: 40}, "), "dataset.augment.crop_padding"),
                new Case("CIFAR without a path", cnnOk.replace("dataset: {path: " + data + ",", "dataset: {format: cifar10,"), "dataset.path is missing"),
                new Case("pruning maybe", cnnOk + "pruning: {enabled: maybe}\n", "pruning.enabled must be true or false")));
        assertEquals(FILES, cases.size());
        var lines = new ArrayList<String>();
        for (Case c : cases) {
            Path file = Files.writeString(dir.resolve("case.yaml"), c.text());
            String err = refused(c.label(), c.expected(), "search", "--config", file.toString(), "--db", db, "--no-web");
            assertTrue(err.indexOf(file.toString()) == err.lastIndexOf(file.toString()), c.label() + ": the file named twice: " + err);
            lines.add(c.label() + ": " + err);
        }
        Files.write(Path.of("target", "bad-input-sweep.txt"), lines); // what a user reads, for review
        try (var store = NasStore.open(db)) {
            assertEquals(List.of(), store.experiments(), "a rejected file stores nothing");
        }
    }

    @Test
    void everyBadOptionIsOneLineExit2() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        String ok = MacroExperiment.write(dir, "sweep", 1, 0, "budget: {trials: 3}\n").toString();
        String out = dir.resolve("out").toString();
        List<List<String>> cases = List.of(
                List.of("--top must be from 1", "status", "x", "--top", "-1", "--db", db),
                List.of("--top must be from 1", "status", "x", "--top", "0", "--db", db),
                List.of("--top must be from 1", "export", "x", "--top", "0", "--out", out, "--db", db),
                List.of("--epochs must be from 1", "export", "x", "--epochs", "0", "--out", out, "--db", db),
                List.of("--epochs must be from 1", "train", "--arch", "a.json", "--config", ok, "--epochs", "-2"),
                List.of("--patience must be from 1", "export", "x", "--patience", "0", "--out", out, "--db", db),
                List.of("--patience must be from 1", "train", "--arch", "a.json", "--config", ok, "--patience", "0"),
                List.of("--port must be from 0 to 65535", "search", "--config", ok, "--db", db, "--port", "70000"),
                List.of("--port must be from 0 to 65535", "serve", "--db", db, "--port", "-1"),
                List.of("--host 10.255.255.1 is not an address of this machine", "serve", "--db", db, "--port", "0", "--host", "10.255.255.1"),
                List.of("--host no-such-host.invalid is not a known name", "search", "--config", ok, "--db", db, "--port", "0", "--host", "no-such-host.invalid"),
                List.of("is not allowed", "search", "--config", ok, "--db", db, "--no-web", "--name", "../../evil"),
                List.of("is not allowed", "search", "--config", ok, "--db", db, "--no-web", "--name", ""),
                List.of("is not allowed", "search", "--config", ok, "--db", db, "--no-web", "--name", "cifar/exp1"),
                List.of("is not allowed", "search", "--config", ok, "--db", db, "--no-web", "--name", "x".repeat(5_000)),
                List.of("is not allowed", "search", "--config", ok, "--db", db, "--no-web", "--name", "a\u001b[2J\nb"),
                List.of("experiment file " + dir.resolve("none.yaml") + " does not exist", "search", "--config", dir.resolve("none.yaml").toString(), "--db", db),
                List.of("cannot read experiment file", "search", "--config", dir.toString(), "--db", db, "--no-web"));
        assertEquals(OPTIONS, cases.size());
        for (List<String> c : cases) {
            refused(String.join(" ", c.subList(1, Math.min(c.size(), 6))), c.get(0), c.subList(1, c.size()).toArray(String[]::new));
        }
        try (var store = NasStore.open(db)) {
            assertEquals(List.of(), store.experiments(), "a rejected option stores nothing");
        }
    }

    @Test
    void everyBadApiRequestIsAJson4xxWithOneLine() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("api");
        Path file = MacroExperiment.write(dir, "ok", 1, 0, "budget: {trials: 5}\n");
        assertEquals(0, NasCommandTest.nas("search", "--config", file.toString(), "--db", db, "--no-web").code());
        try (var store = NasStore.open(db); var dashboard = Dashboard.start(new StoreDashboard(store.queries()),
                ExperimentControls.none(), "127.0.0.1", 0, dir.resolve("dashboard.token"))) {
            String t = "/api/experiments/ok/trials";
            List<String[]> cases = List.of(
                    new String[] {"404", "GET /api/experiments/nope"},
                    new String[] {"400", "GET /api/experiments/a..b"},
                    new String[] {"400", "GET /api/experiments/%ZZ"},
                    new String[] {"400", "GET " + t + "?page=%ZZ"},
                    new String[] {"400", "GET " + t + "?page=-1"},
                    new String[] {"400", "GET " + t + "?page=abc"},
                    new String[] {"400", "GET " + t + "?size=0"},
                    new String[] {"400", "GET " + t + "?size=100000"},
                    new String[] {"400", "GET " + t + "?sort=bogus"},
                    new String[] {"400", "GET " + t + "?direction=up"},
                    new String[] {"400", "GET " + t + "?state=bogus"},
                    new String[] {"400", "GET /api/trials/abc"},
                    new String[] {"400", "GET /api/trials/-1"},
                    new String[] {"404", "GET /api/trials/999999"},
                    new String[] {"400", "GET /api/experiments/ok/curves?ids=a,b"},
                    new String[] {"400", "GET /api/experiments/ok/curves?ids=" + "1,".repeat(200) + "1"},
                    new String[] {"400", "GET /../../etc/passwd"},
                    new String[] {"405", "PUT /api/experiments/ok"},
                    new String[] {"405", "DELETE /api/experiments/ok"},
                    new String[] {"405", "PATCH /api/experiments/ok"},
                    new String[] {"403", "GET /api/experiments", "Host: attacker.example:" + dashboard.port()},
                    new String[] {"401", "POST /api/experiments/ok/pause", "Content-Length: 0"},
                    new String[] {"414", "GET /api/experiments?x=" + "a".repeat(20_000)},
                    new String[] {"431", "GET /api/experiments", "X-Big: " + "b".repeat(20_000)});
            assertEquals(REQUESTS, cases.size());
            for (String[] c : cases) {
                String request = c[1].length() > 80 ? c[1].substring(0, 80) + "..." : c[1];
                String answer = RawHttp.send(dashboard.port(), c[1], Arrays.copyOfRange(c, 2, c.length));
                assertEquals(Integer.parseInt(c[0]), RawHttp.status(answer), request + ": " + answer);
                JsonNode body = Json.read(RawHttp.body(answer), request);
                String error = body.get("error").asText();
                assertFalse(error.isBlank() || error.contains("\n") || error.contains("Exception"), request + ": " + error);
            }
        }
    }

    /** Runs {@code nas args}: exit 2, one line with {@code expected}, no stack trace, no raw control character. */
    static String refused(String label, String expected, String... args) {
        Result r = NasCommandTest.nas(args);
        String err = r.err().strip();
        assertEquals(2, r.code(), label + ": " + r.err() + r.out());
        assertEquals(1, err.lines().count(), label + ": " + err);
        assertTrue(err.startsWith("nas: ") && !err.contains("internal error") && !err.contains("\tat "), label + ": " + err);
        assertFalse(err.chars().anyMatch(ch -> ch < 0x20), label + ": a control character reached the terminal: " + err);
        assertTrue(err.contains(expected), label + ": expected '" + expected + "' in: " + err);
        return err;
    }

    private static String nested(int depth) {
        var s = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            s.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        return s.append("  ".repeat(depth + 1)).append("v\n").toString();
    }
}
