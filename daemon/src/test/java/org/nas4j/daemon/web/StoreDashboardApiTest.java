package org.nas4j.daemon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.TrialState;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.core.read.TrialRow;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.dl4j.Dl4jCompiler;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import org.nas4j.web.ExperimentControls;
import org.nas4j.web.fixture.Http;

/**
 * The dashboard's API on the real store: an H2 file filled by a real REINFORCE search of NAS-Bench-Macro run by
 * {@code nas search} (the daemon's own loop), plus a CNN experiment of the Fashion-MNIST example with trials not yet
 * trained, served by a real server on a free port as {@code nas serve} does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreDashboardApiTest {
    static final String EXAMPLE = Path.of("..", "examples", "fashion-mnist-evolution.yaml").toString();
    static final int TRIALS = 40;

    @TempDir
    static Path dir;
    static NasStore store;
    static Dashboard dashboard;
    static Http http;
    static List<TrialRow> points;
    static long cnnTrial;
    static Architecture cnnArchitecture;

    @BeforeAll
    static void fill() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        var search = NasCommandTest.nas("search", "--config", MacroExperiment.write(dir, "macro", 11, 0, LiveSearchBrowserTest.REINFORCE + "budget: {trials: " + TRIALS + "}\n").toString(),
                "--db", url, "--no-web");
        assertEquals(0, search.code(), search.err());
        store = NasStore.open(url);
        ConfigNode cnn = ConfigNode.load(Path.of(EXAMPLE)).with("name", "cnn");
        long id = store.createExperiment("cnn", "name: cnn", Json.write(cnn.json()), Path.of(EXAMPLE).toAbsolutePath().toString(),
                "evolution", 10, 1).id();
        CnnSearchSpace space = CnnSearchSpace.load(Path.of(EXAMPLE));
        var random = new SplittableRandom(5);
        do {
            cnnArchitecture = space.decisions().sample(random);
        } while (space.spec(cnnArchitecture).blocks().stream().noneMatch(b -> b instanceof org.nas4j.space.NetworkSpec.Layer l
                && !l.skipsFrom().isEmpty()));
        cnnTrial = store.addTrial(id, cnnArchitecture, 77).id();
        points = store.queries().points("macro");
        dashboard = Dashboard.start(new StoreDashboard(store.queries()), ExperimentControls.none(), "127.0.0.1", 0,
                dir.resolve("token"));
        http = new Http(dashboard.url());
    }

    @AfterAll
    static void close() {
        if (dashboard != null) {
            dashboard.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theStoreShowsWhenTheBackupTheSearchTookAtItsEndWasTaken() {
        var backups = org.nas4j.store.Backups.of(store.url()).orElseThrow();
        assertEquals(1, backups.list().size(), "the search backed the store up when it ended");
        assertEquals(org.nas4j.store.Backups.takenAt(backups.newest().orElseThrow()).toString(),
                http.json("/api/store").get("lastBackupAt").asText());
    }

    @Test
    void experimentsShowTheStoredSearchWithItsCountsBestTrialAndTimes() {
        JsonNode list = http.json("/api/experiments");
        assertEquals(List.of("macro", "cnn"), List.of(list.get(0).get("name").asText(), list.get(1).get("name").asText()));
        JsonNode macro = http.json("/api/experiments/macro");
        assertEquals("finished", macro.get("status").asText());
        assertEquals("reinforce", macro.get("strategy").asText());
        assertEquals("nas-bench-macro", macro.get("space").asText());
        assertEquals(TRIALS, macro.get("budgetTrials").asInt());
        assertEquals(TRIALS, macro.get("trialsDone").asInt());
        assertEquals(TRIALS, macro.get("counts").get("COMPLETED").asInt());
        TrialRow best = points.stream().max(Comparator.comparingDouble(TrialRow::reward)
                .thenComparing(Comparator.comparingLong(TrialRow::id).reversed())).orElseThrow();
        assertEquals(best.reward(), macro.get("bestReward").asDouble(), 0);
        assertEquals(best.id(), macro.get("bestTrialId").asLong());
        assertTrue(macro.get("startedAt").isTextual() && macro.get("finishedAt").isTextual());
        assertEquals(0, macro.get("retrained").size());
        JsonNode cnn = list.get(1);
        assertEquals("cnn", cnn.get("space").asText(), "a CNN space is named after its experiment");
        assertEquals(1, cnn.get("counts").get("PENDING").asInt());
        assertTrue(cnn.get("bestReward").isNull() && cnn.get("bestTrialId").isNull());
    }

    @ParameterizedTest
    @CsvSource({"id,asc", "id,desc", "reward,desc", "reward,asc", "params,asc", "flops,desc", "created,asc"})
    void pagesWalkEveryTrialOnceInTheAskedOrder(String sort, String direction) {
        var seen = new ArrayList<Long>();
        for (int page = 0; ; page++) {
            JsonNode p = http.json("/api/experiments/macro/trials?size=7&page=" + page + "&sort=" + sort + "&direction=" + direction);
            assertEquals(TRIALS, p.get("total").asInt());
            if (p.get("trials").isEmpty()) {
                break;
            }
            p.get("trials").forEach(t -> seen.add(t.get("id").asLong()));
        }
        Comparator<TrialRow> order = switch (sort) {
            case "reward" -> Comparator.comparingDouble(TrialRow::reward);
            case "params" -> Comparator.comparingLong(TrialRow::params);
            case "flops" -> Comparator.comparingLong(TrialRow::flops);
            case "created" -> Comparator.comparing(TrialRow::createdAt);
            default -> Comparator.comparingLong(TrialRow::id);
        };
        order = order.thenComparing(Comparator.comparingLong(TrialRow::id));
        List<TrialRow> sorted = new ArrayList<>(points);
        sorted.sort(direction.equals("desc") ? order.reversed() : order);
        assertEquals(sorted.stream().map(TrialRow::id).toList(), seen);
        assertEquals(0, http.json("/api/experiments/macro/trials?state=failed").get("total").asInt());
    }

    @Test
    void chartsGetEveryPointThePolicyStepsDefaultCurvesAndTheHeatmap() {
        JsonNode p = http.json("/api/experiments/macro/points");
        assertEquals(points.stream().map(TrialRow::id).toList(), ids(p, "id"));
        JsonNode policy = http.json("/api/experiments/macro/policy");
        assertEquals(store.queries().policySteps("macro").size(), policy.size());
        int warmup = org.nas4j.controller.ReinforceSettings.defaults().warmup();
        assertTrue(policy.size() >= TRIALS - warmup + 1, "REINFORCE steps after every result from the warm-up's end: " + policy.size());
        JsonNode curves = http.json("/api/experiments/macro/curves");
        assertTrue(curves.size() >= 5, curves.toString());
        curves.forEach(c -> assertEquals(1, c.get("curve").size(), "a table gives one-epoch curves"));
        long a = points.get(0).id();
        long b = points.get(3).id();
        assertEquals(List.of(a, b), ids(http.json("/api/experiments/macro/curves?ids=" + a + "," + b), "id"));
        JsonNode heatmap = http.json("/api/experiments/macro/heatmap?windows=4");
        assertEquals(4, heatmap.get("windows").size());
        assertEquals(8, heatmap.get("decisions").size(), "one row per layer decision");
        for (JsonNode row : heatmap.get("decisions")) {
            for (JsonNode window : row.get("shares")) {
                double sum = 0;
                for (JsonNode share : window) {
                    sum += share.asDouble();
                }
                assertEquals(1.0, sum, 1e-9, row.get("name").asText());
            }
        }
    }

    @Test
    void aCnnTrialHasItsCompiledLayersSkipLinksAndALoadableDl4jConfiguration() throws Exception {
        JsonNode t = http.json("/api/trials/" + cnnTrial);
        assertEquals("cnn", t.get("experiment").asText());
        assertEquals("PENDING", t.get("trial").get("state").asText());
        CnnSearchSpace space = CnnSearchSpace.load(Path.of(EXAMPLE));
        var net = Dl4jCompiler.compile(space.spec(cnnArchitecture));
        assertEquals(net.rows().size(), t.get("layers").size());
        assertEquals("stem", t.get("layers").get(0).get("layer").asText());
        assertEquals("head", t.get("layers").get(net.rows().size() - 1).get("layer").asText());
        assertEquals(net.params(), sum(t.get("layers"), "params"));
        assertEquals(net.flops(), sum(t.get("layers"), "flops"));
        long skips = cnnArchitecture.decisions().entrySet().stream().filter(e -> e.getKey().contains(".skip.")
                && e.getValue().equals("1")).count();
        assertEquals(skips, t.get("links").size());
        for (JsonNode link : t.get("links")) {
            String to = t.get("layers").get(link.get("to").asInt()).get("op").asText();
            assertTrue(to.contains("+skip("), "a link ends at a layer with skip inputs: " + to);
        }
        assertTrue(t.get("hasDl4jConfig").asBoolean());
        String json = http.get("/api/trials/" + cnnTrial + "/dl4j-config.json").body();
        var config = ComputationGraphConfiguration.fromJson(json);
        assertEquals(net.configuration().getVertices().keySet(), config.getVertices().keySet());
        assertEquals(77, config.getDefaultConfiguration().getSeed(), "compiled with the trial's seed");

        JsonNode tabular = http.json("/api/trials/" + points.get(0).id());
        assertEquals(0, tabular.get("layers").size());
        assertEquals(0, tabular.get("links").size());
        assertEquals(404, http.get("/api/trials/" + points.get(0).id() + "/dl4j-config.json").statusCode());
        // provenance, as the search's evaluator reported it and the store kept it
        assertEquals("table lookup", tabular.at("/provenance/worker").asText());
        assertEquals(org.nas4j.core.Provenance.localHost(), tabular.at("/provenance/host").asText());
        assertEquals("none", tabular.at("/provenance/device").asText());
        assertTrue(tabular.at("/provenance/nas4jVersion").asText().matches("\\d+\\.\\d+\\.\\d+.*"), tabular.toString());
        assertTrue(tabular.get("configHash").asText().matches("[0-9a-f]{16}"), tabular.toString());
        assertTrue(http.json("/api/trials/" + cnnTrial).get("provenance").isNull(), "a trial that never ran has none");
    }

    @Test
    @Order(Integer.MAX_VALUE) // the one test that writes to the shared store: the others see it as the search left it
    void retrainedResultsWrittenToTheStoreShowInTheExperimentAndTheTrialAndMoveTheChangeCount() {
        TrialRow trial = points.get(7);
        long before = http.json("/api/experiments/macro/changes").get("changeCount").asLong();
        store.finalTraining(trial.id(), 0.945, 0.9312, 12, 60);
        assertNotEquals(before, http.json("/api/experiments/macro/changes").get("changeCount").asLong());
        JsonNode retrained = http.json("/api/experiments/macro").get("retrained");
        assertEquals(1, retrained.size());
        assertEquals(trial.id(), retrained.get(0).get("trialId").asLong());
        assertEquals(trial.number(), retrained.get(0).get("number").asInt());
        assertEquals(trial.reward(), retrained.get(0).get("searchReward").asDouble(), 0);
        assertEquals(0.945, retrained.get(0).get("validationAccuracy").asDouble(), 0);
        assertEquals(0.9312, retrained.get(0).get("testAccuracy").asDouble(), 0);
        assertEquals(12, retrained.get(0).get("epochs").asInt());
        assertFalse(retrained.get(0).has("params") || retrained.get(0).has("seconds"), "the documented fields only");
        assertEquals(0.9312, http.json("/api/trials/" + trial.id()).get("retrained").get("testAccuracy").asDouble(), 0);
        assertTrue(http.json("/api/trials/" + points.get(8).id()).get("retrained").isNull());
    }

    @Test
    void unknownNamesAndBadParametersAreAnsweredWithTheirStatusAndWithoutASearchControlsAre404() {
        assertEquals(404, http.get("/api/experiments/nope/points").statusCode());
        assertEquals(404, http.get("/api/experiments/nope/heatmap").statusCode());
        assertEquals(404, http.get("/api/trials/123456").statusCode());
        var bad = http.get("/api/experiments/macro/trials?sort=name");
        assertEquals(400, bad.statusCode());
        assertEquals("sort", Json.read(bad.body(), "400").get("parameter").asText());
        assertEquals(404, http.post("/api/experiments/macro/pause", "Authorization", "Bearer " + dashboard.token()).statusCode());
        assertEquals(TrialState.COMPLETED, store.trial(points.get(0).id()).orElseThrow().state());
    }

    private static List<Long> ids(JsonNode array, String field) {
        var out = new ArrayList<Long>();
        array.forEach(n -> out.add(n.get(field).asLong()));
        return out;
    }

    private static long sum(JsonNode rows, String field) {
        long s = 0;
        for (JsonNode r : rows) {
            s += r.get(field).asLong();
        }
        return s;
    }
}
