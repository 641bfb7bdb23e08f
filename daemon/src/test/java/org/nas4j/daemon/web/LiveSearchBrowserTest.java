package org.nas4j.daemon.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.TrialState;
import org.nas4j.daemon.cli.NasProcess;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.store.ExperimentSummary;
import org.nas4j.store.NasStore;
import org.nas4j.web.fixture.Chromium;
import org.nas4j.web.fixture.Http;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The dashboard of a live search, as a user meets it: {@code nas search} in its own JVM (a REINFORCE search of
 * NAS-Bench-Macro, each lookup delayed so that it lasts), its printed URL opened in a headless Chromium. The page
 * shows the trial table and every chart, a new trial appears without a reload, and the pause button with the token
 * pauses the daemon: the store says paused and no trial starts. Screenshots go to {@code target/screenshots}.
 */
class LiveSearchBrowserTest {
    static final Path SHOTS = Path.of("target/screenshots");
    static final long DELAY_MS = 700;
    static final String REINFORCE = "strategy: {name: reinforce, hidden: 16}\n";

    @TempDir
    static Path dir;
    static Process daemon;
    static NasStore store;
    static Chromium chromium;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        daemon = NasProcess.start(dir, "search", "--config", MacroExperiment.write(dir, "live", 11, DELAY_MS, REINFORCE + "budget: {trials: 5000}\n").toString(),
                "--db", db, "--port", "0");
        url = NasProcess.dashboardUrl(dir, daemon);
        store = NasStore.open(db);
        chromium = new Chromium(dir.resolve("chromium"), SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theExperimentPageOfALiveSearchUpdatesLiveAndItsPauseButtonPausesTheDaemon() throws Exception {
        Path tokenFile = dir.resolve("home").resolve("dashboard.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        String token = Files.readString(tokenFile).strip();
        assertTrue(Files.readString(NasProcess.log(dir)).contains(tokenFile.toAbsolutePath().toString()), "the token file is printed");
        until("a few trials and policy steps", () -> summary().finished() >= 3 && summary().policyStep() >= 2 ? true : null);

        chromium.open(url + "experiment.html?name=live");
        var driver = chromium.driver;
        assertTrue(driver.findElements(By.cssSelector("#trials tbody tr[data-trial-id]")).size() >= 3);
        Chromium.CHARTS.forEach(chromium::assertChartDrawn);
        chromium.screenshot("live-experiment");

        chromium.js("window.notReloaded = true");
        long newest = chromium.waiting().ignoring(StaleElementReferenceException.class).until(d -> Long.parseLong(
                d.findElement(By.cssSelector("#trials tbody tr")).getAttribute("data-trial-id")));
        // the table is redrawn live: a row found may be replaced before it is read
        chromium.waiting().withMessage("a new trial appears live").ignoring(StaleElementReferenceException.class).until(d -> Long.parseLong(
                d.findElement(By.cssSelector("#trials tbody tr")).getAttribute("data-trial-id")) > newest);
        assertEquals(Boolean.TRUE, chromium.js("return window.notReloaded === true"));
        chromium.screenshot("live-experiment-new-trial");

        driver.findElement(By.id("pause")).click();
        chromium.waiting().until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
        driver.findElement(By.id("token-input")).sendKeys(token);
        driver.findElement(By.id("token-ok")).click();
        until("the store says paused and the running trial finished", () -> "paused".equals(summary().experiment().status().id())
                && summary().counts().get(TrialState.RUNNING) == 0 ? true : null);
        int trials = trials();
        chromium.waiting().until(d -> d.findElement(By.id("status")).getText().contains("paused")
                && d.findElement(By.id("resume")).isEnabled());
        chromium.screenshot("live-experiment-paused");
        Thread.sleep(4 * DELAY_MS); // a running search would have started trials by now
        assertEquals(trials, trials(), "no trial started while paused");
        assertEquals(0, summary().counts().get(TrialState.RUNNING));
        assertEquals("paused", summary().experiment().status().id());

        driver.findElement(By.id("resume")).click();
        until("the search goes on after resume", () -> trials() > trials ? true : null);
        assertEquals("running", summary().experiment().status().id());
        assertEquals(List.of(), chromium.js("return window.nasErrors"));

        sharedWeightPanels();

        var stop = new Http(url).post("/api/experiments/live/stop", "Authorization", "Bearer " + token);
        assertEquals(202, stop.statusCode(), stop.body());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon ends after stop");
        assertEquals(0, daemon.exitValue(), Files.readString(NasProcess.log(dir)));
        assertEquals("stopped", store.require("live").status().id());
    }

    /** A shared-weight experiment (stored beside the live one) shows its supernet, controller and derived candidates. */
    private static void sharedWeightPanels() throws Exception {
        String config = org.nas4j.core.Json.write(org.nas4j.core.config.ConfigNode.parse(
                org.nas4j.daemon.search.TrainingSearchTest.tiny("sharedview", dir) + "evaluation: shared\n", "s.yaml", true).json());
        var e = store.createExperiment("sharedview", "", config, dir.resolve("s.yaml").toString(), "reinforce", 2, 1);
        var space = new org.nas4j.space.CnnSearchSpace(org.nas4j.space.SpaceConfig.from(
                org.nas4j.core.config.ConfigNode.of(org.nas4j.core.Json.read(config, "config"), "s.yaml")));
        var random = new java.util.Random(1);
        for (int epoch = 1; epoch <= 3; epoch++) {
            var samples = new java.util.ArrayList<org.nas4j.store.SharedRuns.Sample>();
            for (int i = 0; i < 5; i++) {
                samples.add(new org.nas4j.store.SharedRuns.Sample((epoch - 1) * 5 + i + 1, epoch,
                        space.decisions().sample(random).key(), 0.5 + 0.1 * epoch));
            }
            var step = new org.nas4j.core.PolicyStep(epoch, 0.5 + 0.1 * epoch, 0.5, 0.05, 1.2 - 0.2 * epoch, 0.3);
            store.shared().epoch(e.id(), new org.nas4j.store.SharedRuns.Epoch(epoch, 2.0 - 0.4 * epoch, 0.5 + 0.1 * epoch, 0.05,
                    100L * epoch, 30), samples, new byte[] {1}, new org.nas4j.store.StrategyCheckpoint(5L * epoch, new byte[] {1},
                    List.of(step)));
        }
        var derived = new java.util.ArrayList<org.nas4j.store.SharedRuns.Candidate>();
        for (int rank = 1; rank <= 3; rank++) {
            var a = space.decisions().sample(random);
            derived.add(new org.nas4j.store.SharedRuns.Candidate(rank, a.key(), org.nas4j.core.Json.write(a.toJson()),
                    0.8 - 0.05 * rank, Double.NaN, null, null));
        }
        store.shared().derived(e.id(), derived);
        chromium.open(url + "experiment.html?name=sharedview");
        var driver = chromium.driver;
        chromium.waiting().until(d -> d.findElement(By.id("supernet-panel")).isDisplayed());
        assertTrue(driver.findElement(By.id("controller-panel")).isDisplayed());
        for (String chart : List.of("chart-supernet", "chart-controller", "chart-heatmap")) {
            chromium.assertChartDrawn(chart);
        }
        assertEquals(3, driver.findElements(By.cssSelector("#derived tbody tr")).size());
        assertTrue(driver.findElement(By.cssSelector("#derived tbody tr")).getText().contains("75.00 %"),
                driver.findElement(By.cssSelector("#derived tbody tr")).getText());
        chromium.screenshot("shared-experiment");
        chromium.open(url + "experiment.html?name=live");
        assertTrue(!driver.findElement(By.id("supernet-panel")).isDisplayed(), "a stand-alone search shows no supernet");
    }

    private static ExperimentSummary summary() {
        return store.summary(store.require("live"));
    }

    private static int trials() {
        return summary().counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Polls {@code probe} until it answers non-null, failing after two minutes or when the daemon has died. */
    static <T> T until(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && daemon.isAlive()) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not reached (daemon alive: " + daemon.isAlive() + ")\n"
                + Files.readString(NasProcess.log(dir)));
    }
}
