package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nas4j.core.read.NetworkSummary;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.nas4j.core.read.TrialSort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nas4j.core.Architecture;
import org.nas4j.core.Json;
import org.nas4j.core.TrialState;
import org.nas4j.web.fixture.InMemoryDashboard;
import org.nas4j.web.fixture.Served;

/** Every read endpoint against a real server on a free port, over data from a real tabular search. */
class ApiTest {
    @TempDir
    static Path dir;
    static Served served;

    @BeforeAll
    static void start() {
        served = new Served(dir.resolve("token"));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void experimentsListEveryExperimentWithStatusProgressBestAndStrategy() {
        JsonNode list = served.json("/api/experiments");
        assertEquals(2, list.size());
        JsonNode main = list.get(0);
        assertEquals(Served.MAIN, main.get("name").asText());
        assertEquals("running", main.get("status").asText());
        assertEquals("evolution", main.get("strategy").asText());
        assertEquals("nas-bench-macro", main.get("space").asText());
        assertEquals(100, main.get("budgetTrials").asInt());
        assertEquals(60, main.get("trialsDone").asInt());
        assertEquals(60, main.get("counts").get("COMPLETED").asInt() + main.get("counts").get("PRUNED").asInt()
                + main.get("counts").get("FAILED").asInt());
        double best = served.data.points(Served.MAIN).stream().filter(r -> r.state() == TrialState.COMPLETED)
                .mapToDouble(TrialRow::reward).max().orElseThrow();
        assertEquals(best, main.get("bestReward").asDouble(), 1e-12);
        assertTrue(main.get("elapsedSeconds").asDouble() > 0);
        assertEquals("finished", list.get(1).get("status").asText());
        assertEquals(Served.SMALL, served.json("/api/experiments/" + Served.SMALL).get("name").asText());
    }

    @Test
    void trialsPageHasItsShapeAndDefaults() {
        JsonNode page = served.json("/api/experiments/" + Served.MAIN + "/trials");
        assertEquals(0, page.get("page").asInt());
        assertEquals(TrialQuery.DEFAULT_SIZE, page.get("size").asInt());
        assertEquals(60, page.get("total").asLong());
        assertEquals("id", page.get("sort").asText());
        assertEquals("desc", page.get("direction").asText());
        assertEquals("all", page.get("state").asText());
        assertEquals(TrialQuery.DEFAULT_SIZE, page.get("trials").size());
        JsonNode first = page.get("trials").get(0);
        for (String field : List.of("id", "number", "key", "state", "stopReason", "reward", "params", "flops", "epochsRun",
                "trainingSeconds", "createdAt", "finishedAt")) {
            assertTrue(first.has(field), field);
        }
        assertEquals(60, first.get("number").asInt());
    }

    @ParameterizedTest
    @CsvSource({"id,asc", "id,desc", "reward,desc", "reward,asc", "params,asc", "flops,desc", "created,asc"})
    void pagesWalkEveryTrialOnceInTheAskedOrder(String sort, String direction) {
        var seen = new ArrayList<Long>();
        var rewards = new ArrayList<Double>();
        for (int page = 0; ; page++) {
            JsonNode p = served.json("/api/experiments/" + Served.MAIN + "/trials?size=7&page=" + page + "&sort=" + sort
                    + "&direction=" + direction);
            if (p.get("trials").isEmpty()) {
                break;
            }
            p.get("trials").forEach(t -> {
                seen.add(t.get("id").asLong());
                rewards.add(t.get("reward").isNull() ? Double.NEGATIVE_INFINITY : t.get("reward").asDouble());
            });
        }
        assertEquals(60, seen.size());
        assertEquals(60, new HashSet<>(seen).size());
        var query = new TrialQuery(0, 1, TrialSort.byId(sort), direction.equals("desc"), null);
        List<Long> expected = served.data.points(Served.MAIN).stream().sorted(InMemoryDashboard.order(query))
                .map(TrialRow::id).toList();
        assertEquals(expected, seen);
        if (sort.equals("reward")) {
            for (int i = 1; i < rewards.size(); i++) {
                assertTrue(direction.equals("desc") ? rewards.get(i) <= rewards.get(i - 1) : rewards.get(i) >= rewards.get(i - 1));
            }
        }
    }

    @Test
    void stateFilterReturnsOnlyThatStateAndItsCount() {
        JsonNode counts = served.json("/api/experiments/" + Served.MAIN).get("counts");
        for (TrialState s : TrialState.values()) {
            JsonNode page = served.json("/api/experiments/" + Served.MAIN + "/trials?size=500&state=" + s.name().toLowerCase());
            assertEquals(counts.get(s.name()).asLong(), page.get("total").asLong(), s.name());
            page.get("trials").forEach(t -> assertEquals(s.name(), t.get("state").asText()));
        }
        assertTrue(counts.get("PRUNED").asInt() > 0, "the median pruner pruned some trials");
        assertEquals(1, counts.get("FAILED").asInt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/experiments/macro-evo/trials?page=-1|page",
        "/api/experiments/macro-evo/trials?page=two|page",
        "/api/experiments/macro-evo/trials?size=0|size",
        "/api/experiments/macro-evo/trials?size=100000|size",
        "/api/experiments/macro-evo/trials?sort=name|sort",
        "/api/experiments/macro-evo/trials?direction=up|direction",
        "/api/experiments/macro-evo/trials?state=done|state",
        "/api/experiments/macro-evo/heatmap?windows=0|windows",
        "/api/experiments/macro-evo/curves?ids=1,x|ids",
        "/api/trials/abc|id",
        "/api/trials/-4/architecture.json|id"})
    void badParametersAre400WithAMessageNamingTheParameter(String path, String parameter) {
        HttpResponse<String> r = served.get(path);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = Json.read(r.body(), path);
        assertEquals(parameter, body.get("parameter").asText());
        assertTrue(body.get("error").asText().startsWith(parameter + ":"), body.toString());
    }

    @Test
    void tooManyCurvesAre400() {
        String ids = String.join(",", java.util.stream.LongStream.rangeClosed(1, 101).mapToObj(Long::toString).toList());
        assertEquals(400, served.get("/api/experiments/macro-evo/curves?ids=" + ids).statusCode());
    }

    @ParameterizedTest
    @CsvSource({"/api/experiments/nope", "/api/experiments/nope/trials", "/api/experiments/nope/points",
        "/api/experiments/nope/policy", "/api/experiments/nope/curves", "/api/experiments/nope/heatmap",
        "/api/experiments/nope/changes", "/api/experiments/nope/events", "/api/trials/99999",
        "/api/trials/99999/architecture.json", "/api/trials/99999/dl4j-config.json", "/api/nothing-here"})
    void unknownExperimentsTrialsAndRoutesAre404WithAJsonError(String path) {
        HttpResponse<String> r = served.get(path);
        assertEquals(404, r.statusCode(), path);
        assertTrue(Json.read(r.body(), path).get("error").isTextual());
    }

    @Test
    void trialDetailCarriesArchitectureLayersLinksCurveAndAFailedTrialItsError() {
        TrialRow any = served.data.points(Served.MAIN).get(2);
        JsonNode t = served.json("/api/trials/" + any.id());
        assertEquals(any.id(), t.get("trial").get("id").asLong());
        assertEquals(Served.MAIN, t.get("experiment").asText());
        assertEquals(Architecture.SCHEMA_VERSION, t.get("architecture").get("schemaVersion").asInt());
        assertEquals(any.key(), t.get("architecture").get("key").asText());
        assertEquals(10, t.get("layers").size());
        assertEquals("stem", t.get("layers").get(0).get("layer").asText());
        for (String f : List.of("layer", "op", "outputShape", "params", "flops")) {
            assertTrue(t.get("layers").get(1).has(f), f);
        }
        assertEquals(any.epochsRun(), t.get("curve").size());
        assertFalse(t.get("hasDl4jConfig").asBoolean());
        assertTrue(t.get("links").isArray());

        TrialRow failed = served.data.points(Served.MAIN).stream().filter(r -> r.state() == TrialState.FAILED).findFirst().orElseThrow();
        JsonNode f = served.json("/api/trials/" + failed.id());
        assertTrue(f.get("trial").get("reward").isNull(), "NaN is written as null");
        assertEquals("diverged", f.get("trial").get("stopReason").asText());
        assertTrue(f.get("error").asText().contains("NaN"));
    }

    @Test
    void downloadsAreAttachmentsWithTheArchitectureAndTheDl4jConfiguration() {
        TrialDetail t = served.data.trial(served.data.points(Served.MAIN).get(5).id()).orElseThrow();
        HttpResponse<String> arch = served.get("/api/trials/" + t.trial().id() + "/architecture.json");
        assertEquals(200, arch.statusCode());
        assertTrue(arch.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"trial-"));
        assertEquals(t.architecture(), Architecture.fromJson(Json.read(arch.body(), "download"), "download"));
        assertEquals(404, served.get("/api/trials/" + t.trial().id() + "/dl4j-config.json").statusCode());

        String config = "{\"vertices\":{},\"networkInputs\":[\"input\"]}";  // a stand-in: tabular trials compile to no network
        served.data.put(Served.SMALL, withConfig(served.data.trial(served.data.points(Served.SMALL).get(0).id()).orElseThrow(), config));
        long id = served.data.points(Served.SMALL).get(0).id();
        HttpResponse<String> dl4j = served.get("/api/trials/" + id + "/dl4j-config.json");
        assertEquals(200, dl4j.statusCode());
        assertEquals(config, dl4j.body());
        assertTrue(dl4j.headers().firstValue("Content-Disposition").orElse("").contains("dl4j-config.json"));
        assertTrue(served.json("/api/trials/" + id).get("hasDl4jConfig").asBoolean());
    }

    static TrialDetail withConfig(TrialDetail t, String config) {
        return t.withNetwork(new NetworkSummary(t.network().layers(), t.network().links(), config));
    }

    @Test
    void chartsDataPointsPolicyCurvesAndHeatmap() {
        assertEquals(60, served.json("/api/experiments/" + Served.MAIN + "/points").size());

        JsonNode policy = served.json("/api/experiments/" + Served.MAIN + "/policy");
        assertEquals(12, policy.size());
        for (String f : List.of("step", "meanReward", "baseline", "meanAdvantage", "entropy", "loss")) {
            assertTrue(policy.get(0).has(f), f);
        }

        JsonNode curves = served.json("/api/experiments/" + Served.MAIN + "/curves");
        var states = new HashSet<String>();
        curves.forEach(c -> states.add(c.get("state").asText() + "/" + c.get("stopReason").asText()));
        assertTrue(states.contains("PRUNED/pruned"), states.toString());
        assertTrue(states.contains("COMPLETED/early_stopped") || curves.size() >= 5, states.toString());
        assertTrue(curves.get(0).get("curve").size() > 0);

        long a = served.data.points(Served.MAIN).get(0).id();
        long b = served.data.points(Served.MAIN).get(1).id();
        long other = served.data.points(Served.SMALL).get(0).id();
        JsonNode chosen = served.json("/api/experiments/" + Served.MAIN + "/curves?ids=" + a + "," + b + "," + other);
        assertEquals(2, chosen.size(), "a trial of another experiment is left out");
        assertEquals(a, chosen.get(0).get("id").asLong());

        JsonNode heatmap = served.json("/api/experiments/" + Served.MAIN + "/heatmap?windows=6");
        assertEquals(6, heatmap.get("windows").size());
        assertEquals(1, heatmap.get("windows").get(0).get("from").asInt());
        assertEquals(60, heatmap.get("windows").get(5).get("to").asInt());
        assertEquals(8, heatmap.get("decisions").size());
        JsonNode layer1 = heatmap.get("decisions").get(0);
        assertEquals(3, layer1.get("choices").size());
        for (JsonNode window : layer1.get("shares")) {
            double sum = 0;
            for (JsonNode share : window) {
                sum += share.asDouble();
            }
            assertEquals(1.0, sum, 1e-9);
        }
    }

    @Test
    void eventStreamSaysHelloThenChangeWhenTheCounterMoves() throws Exception {
        var lines = new LinkedBlockingQueue<String>();
        var request = HttpRequest.newBuilder(URI.create(served.base + "/api/experiments/" + Served.SMALL + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        var client = HttpClient.newHttpClient();
        var response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> response.join().body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        awaitLine(lines, "event: hello");
        long before = served.data.changeCount(Served.SMALL);
        served.data.setStatus(Served.SMALL, "finished", 601);
        assertTrue(served.data.changeCount(Served.SMALL) > before);
        awaitLine(lines, "event: change");
        String data = awaitLine(lines, "data:");
        assertTrue(data.contains(Served.SMALL), data);
        assertEquals(200, response.join().statusCode());
        assertEquals("text/event-stream", response.join().headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(served.json("/api/experiments/" + Served.SMALL + "/changes").get("changeCount").asLong() > before);
        reader.interrupt();
    }

    static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 15 s");
    }

    @Test
    void pagesAndTheEchartsWebjarAreServed() {
        for (String path : List.of("/index.html", "/experiment.html", "/trial.html", "/css/app.css", "/js/common.js",
                "/js/charts.js", "/js/experiment.js", "/js/trial.js", "/js/diagram.js", "/webjars/echarts/5.5.0/echarts.min.js")) {
            HttpResponse<String> r = served.get(path);
            assertEquals(200, r.statusCode(), path);
            if (!path.startsWith("/webjars")) {
                assertFalse(r.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), path + " must load nothing from another host");
            }
        }
        assertEquals(302, served.get("/").statusCode());
    }
}
