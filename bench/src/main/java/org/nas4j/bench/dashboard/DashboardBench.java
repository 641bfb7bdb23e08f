package org.nas4j.bench.dashboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nas4j.core.ExperimentStatus;
import org.nas4j.core.Architecture;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Json;
import org.nas4j.core.PolicyStep;
import org.nas4j.core.StopReason;
import org.nas4j.core.TrialResult;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.SpaceConfig;
import org.nas4j.store.NasStore;

/**
 * The dashboard's speed on a big experiment: fills a store through its write API (trials, per-epoch curves written
 * as one batch per trial, a policy step per trial) with architectures of a real CNN space, then times every API call
 * the experiment page makes over HTTP and prints p50, p95 and max per call. Not a test: figures to read.
 */
public final class DashboardBench {
    public static final String EXPERIMENT = "dashboard-bench";
    private final PrintWriter out;

    public DashboardBench(PrintWriter out) {
        this.out = out;
    }

    /**
     * Fills the store at {@code url} with the experiment {@value #EXPERIMENT}, unless it holds it already (it is then
     * measured as it is).
     */
    public void fillOnce(NasStore store, String url, Path experimentFile, int trials, int epochs) {
        if (store.experiment(EXPERIMENT).isEmpty()) {
            long t0 = System.nanoTime();
            fill(store, experimentFile, trials, epochs);
            out.printf("filled %s with %,d trials and %,d epochs in %.0f s%n", url, trials, trials * epochs,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Adds the experiment {@value #EXPERIMENT} with {@code trials} trials of {@code epochs} epochs each, the last two running. */
    private void fill(NasStore store, Path experimentFile, int trials, int epochs) {
        ConfigNode config = ConfigNode.load(experimentFile).with("name", EXPERIMENT);
        var space = new CnnSearchSpace(SpaceConfig.from(config));
        long id = store.createExperiment(EXPERIMENT, "name: " + EXPERIMENT, Json.write(config.json()),
                experimentFile.toAbsolutePath().toString(), "reinforce", trials, 1).id();
        store.status(id, ExperimentStatus.RUNNING);
        var random = new SplittableRandom(1);
        var keys = new HashSet<String>();
        long start = System.nanoTime();
        for (int n = 1; n <= trials; n++) {
            Architecture a;
            do {
                a = space.decisions().sample(random);
            } while (!keys.add(a.key()));
            long trial = store.addTrial(id, a, n).id();
            store.running(trial, null);
            double top = 0.6 + 0.35 * random.nextDouble();
            var curve = new ArrayList<EpochMetrics>();
            for (int e = 1; e <= epochs; e++) {
                double acc = top * (1 - Math.exp(-e / 2.0));
                curve.add(new EpochMetrics(e, 2.3 * (1 - acc), 2.2 * (1 - acc), acc, 20 + random.nextDouble(), 500));
            }
            if (n > trials - 2) {
                curve.forEach(m -> store.epoch(trial, m));
                continue;
            }
            int kind = random.nextInt(20);
            StopReason reason = kind == 0 ? StopReason.DIVERGED : kind < 4 ? StopReason.PRUNED : StopReason.MAX_EPOCHS;
            store.finish(trial, reason == StopReason.DIVERGED ? TrialResult.failed(reason, "loss is NaN", curve)
                    : new TrialResult(reason, top, epochs, epochs, 50_000 + random.nextLong(5_000_000),
                            1_000_000 + random.nextLong(900_000_000), 20.0 * epochs, 0.3, 128, null, curve));
            store.policyStep(id, new PolicyStep(n, top, top - 0.01, 0.01, 2.0 - n / (double) trials, 0.1));
            if (n % 1000 == 0) {
                out.printf("filled %,d trials (%.0f s)%n", n, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** One call's response times over the samples, in ms. */
    public record Timing(double p50, double p95, double max) {}

    /**
     * Times each of the experiment page's calls on the dashboard at {@code dashboardUrl} (ending in a slash)
     * {@code samples} times (after 3 warm-up calls) and prints the figures.
     * With {@code changing}, an event is written to the experiment before every call, as a live search does: every
     * answer is then computed afresh instead of coming from the dashboard's cache.
     */
    public Map<String, Timing> measure(String dashboardUrl, NasStore store, int samples, boolean changing) {
        long experiment = store.require(EXPERIMENT).id();
        var points = store.queries().points(EXPERIMENT);
        String ids = String.join(",", points.stream().skip(points.size() / 2).limit(10).map(p -> String.valueOf(p.id())).toList());
        String e = "/api/experiments/" + EXPERIMENT;
        var calls = new LinkedHashMap<String, String>();
        calls.put("experiment", e);
        calls.put("trials (newest first)", e + "/trials?page=0&size=25&sort=id&direction=desc&state=all");
        calls.put("trials by reward", e + "/trials?page=0&size=25&sort=reward&direction=desc&state=all");
        calls.put("trials pruned by params, page 4", e + "/trials?page=3&size=25&sort=params&direction=asc&state=pruned");
        calls.put("trials by FLOPs, last page", e + "/trials?page=399&size=25&sort=flops&direction=desc&state=all");
        calls.put("points", e + "/points");
        calls.put("policy steps", e + "/policy");
        calls.put("heatmap", e + "/heatmap?windows=12");
        calls.put("curves (default)", e + "/curves");
        calls.put("curves (10 picked)", e + "/curves?ids=" + ids);
        calls.put("change count", e + "/changes");
        calls.put("trial (CNN, compiled)", "/api/trials/" + points.get(points.size() / 2).id());
        var http = HttpClient.newHttpClient();
        var results = new LinkedHashMap<String, Timing>();
        out.printf("%n%s%n%-34s %10s %8s %8s %8s%n", changing ? "after a change before every call (a live search):"
                : "unchanged experiment (answers from the cache):", "call", "bytes", "p50 ms", "p95 ms", "max ms");
        for (var call : calls.entrySet()) {
            var request = HttpRequest.newBuilder(URI.create(dashboardUrl + call.getValue().substring(1))).GET().build();
            double[] ms = new double[samples];
            int bytes = 0;
            for (int i = -3; i < samples; i++) {
                if (changing) {
                    store.event(experiment, null, "info", "benchmark change");
                }
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = send(http, request);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(call.getValue() + " answered " + r.statusCode());
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                bytes = r.body().length;
            }
            var stats = new DescriptiveStatistics(ms);
            var timing = new Timing(stats.getPercentile(50), stats.getPercentile(95), stats.getMax());
            results.put(call.getKey(), timing);
            out.printf("%-34s %,10d %8.1f %8.1f %8.1f%n", call.getKey(), bytes, timing.p50(), timing.p95(), timing.max());
        }
        return results;
    }

    private static HttpResponse<byte[]> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
