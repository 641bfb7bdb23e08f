package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nas4j.core.read.FinalTraining;
import org.nas4j.core.read.TrialDetail;
import org.nas4j.core.read.TrialQuery;
import org.nas4j.core.read.TrialRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.nas4j.web.fixture.Chromium;
import org.nas4j.web.fixture.Served;

/**
 * The dashboard in a real headless Chromium (the Debian chromium and chromedriver, nothing downloaded): the
 * experiment page with its table and every chart, a trial appearing live, the pause button with the token, the
 * trial and experiments pages. Screenshots go to {@code target/screenshots}.
 */
class BrowserTest {
    static final Path SHOTS = Path.of("target/screenshots");
    static final List<String> CHARTS = Chromium.CHARTS;

    @TempDir
    static Path dir;
    static Served served;
    static Chromium chromium;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        served = new Served(dir.resolve("token"));
        chromium = new Chromium(dir.resolve("chromium"), SHOTS);
        driver = chromium.driver;
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (served != null) {
            served.close();
        }
    }

    static WebDriverWait waiting() {
        return chromium.waiting();
    }

    static Object js(String script, Object... args) {
        return chromium.js(script, args);
    }

    static void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }

    static void open(String path) {
        chromium.open(served.base + path);
    }

    static void assertChartDrawn(String id) {
        chromium.assertChartDrawn(id);
    }

    @Test
    void experimentPageShowsTableAndChartsUpdatesLiveAndPausesWithTheToken() throws Exception {
        open("/experiment.html?name=" + Served.MAIN);
        assertEquals(TrialQuery.DEFAULT_SIZE, driver.findElements(By.cssSelector("#trials tbody tr[data-trial-id]")).size());
        long newest = served.data.points(Served.MAIN).get(59).id();
        assertEquals(String.valueOf(newest), driver.findElement(By.cssSelector("#trials tbody tr")).getAttribute("data-trial-id"));
        assertTrue(driver.findElement(By.id("page-info")).getText().contains("60 trials"));
        CHARTS.forEach(BrowserTest::assertChartDrawn);
        screenshot("experiment");

        // Sorting and filtering go to the server.
        driver.findElement(By.cssSelector("th[data-sort=reward]")).click();
        waiting().until(d -> driver.findElement(By.id("page-info")).getText().contains("60 trials")
                && driver.findElement(By.cssSelector("th[data-sort=reward]")).getAttribute("class").contains("sorted"));
        long best = served.json("/api/experiments/" + Served.MAIN).get("bestTrialId").asLong();
        waiting().until(d -> String.valueOf(best).equals(
                driver.findElement(By.cssSelector("#trials tbody tr")).getAttribute("data-trial-id")));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("state"))).selectByValue("pruned");
        int pruned = served.json("/api/experiments/" + Served.MAIN).get("counts").get("PRUNED").asInt();
        waiting().until(d -> driver.findElement(By.id("page-info")).getText().contains(pruned + " trials"));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("state"))).selectByValue("all");
        driver.findElement(By.cssSelector("th[data-sort=id]")).click();
        waiting().until(d -> String.valueOf(newest).equals(
                driver.findElement(By.cssSelector("#trials tbody tr")).getAttribute("data-trial-id")));

        // A new trial appears without reloading the page.
        js("window.notReloaded = true");
        long added = served.search.startOne().trial().id();
        waiting().withMessage("the new trial appears live").until(d ->
                !driver.findElements(By.cssSelector("#trials tbody tr[data-trial-id='" + added + "']")).isEmpty());
        assertEquals(Boolean.TRUE, js("return window.notReloaded === true"));
        waiting().until(d -> driver.findElement(By.id("page-info")).getText().contains("61 trials"));
        waiting().withMessage("the running trial's curve joins the learning curves").until(d -> Boolean.TRUE.equals(js(
                "return window.nasCharts['chart-curves'].getOption().series.some(s => s.id === 'trial-' + arguments[0])", added)));
        screenshot("experiment-live");

        // Pause through the button: the token is asked once, then the controls receive the pause.
        driver.findElement(By.id("pause")).click();
        waiting().until(d -> driver.findElement(By.id("token-dialog")).isDisplayed());
        screenshot("token-dialog");
        driver.findElement(By.id("token-input")).sendKeys(served.dashboard.token());
        driver.findElement(By.id("token-ok")).click();
        waiting().withMessage("the controls received the pause").until(d -> served.data.controlCalls().contains("pause:" + Served.MAIN));
        assertEquals("paused", served.data.status(Served.MAIN));
        waiting().until(d -> driver.findElement(By.id("status")).getText().contains("paused")
                && !driver.findElement(By.id("resume")).getAttribute("class").contains("x")
                && driver.findElement(By.id("resume")).isEnabled() && !driver.findElement(By.id("pause")).isEnabled());
        // The token is kept for the tab: resuming asks nothing.
        driver.findElement(By.id("resume")).click();
        waiting().until(d -> served.data.controlCalls().contains("resume:" + Served.MAIN));
        assertEquals(false, driver.findElement(By.id("token-dialog")).isDisplayed());
        waiting().until(d -> driver.findElement(By.id("status")).getText().contains("running"));
        screenshot("experiment-after-controls");
        assertEquals(List.of(), js("return window.nasErrors"));
    }

    @Test
    void trialPageDrawsTheNetworkWithSkipLinksItsTableAndCurve() throws Exception {
        TrialDetail t = served.data.points(Served.MAIN).stream().map(r -> served.data.trial(r.id()).orElseThrow())
                .filter(d -> !d.network().links().isEmpty() && d.trial().state() == org.nas4j.core.TrialState.COMPLETED)
                .findFirst().orElseThrow();
        open("/trial.html?id=" + t.trial().id());
        assertEquals(t.network().layers().size(), driver.findElements(By.cssSelector("#diagram svg g.layer")).size());
        assertEquals(t.network().links().size(), driver.findElements(By.cssSelector("#diagram svg path.skip")).size());
        assertEquals(t.network().layers().size(), driver.findElements(By.cssSelector("#layers tbody tr")).size());
        assertTrue(driver.findElement(By.id("title")).getText().contains("#" + t.trial().number()));
        assertChartDrawn("chart-trial");
        assertTrue(driver.findElement(By.id("download-architecture")).getAttribute("href").endsWith("/architecture.json"));
        String ranOn = driver.findElement(By.id("provenance")).getText();
        assertTrue(ranOn.contains(t.provenance().worker()) && ranOn.contains("fixture-host") && ranOn.contains("cpu, 1 threads")
                && ranOn.contains("nas4j 0.1.0-SNAPSHOT, DL4J 1.0.0-M2.1"), ranOn);
        assertTrue(driver.findElement(By.id("cards")).getText().contains("config 0123456789abcdef"));
        screenshot("trial");

        TrialRow failed = served.data.points(Served.MAIN).stream()
                .filter(r -> r.state() == org.nas4j.core.TrialState.FAILED).findFirst().orElseThrow();
        open("/trial.html?id=" + failed.id());
        assertTrue(driver.findElement(By.cssSelector("#error .error-box")).getText().contains("NaN"));
        screenshot("trial-failed");
        assertEquals(List.of(), js("return window.nasErrors"));
    }

    @Test
    void offLoopbackThePagesWorkWithTheTokenFromTheAddress() throws Exception {
        String address = Dashboard.reachableAddress();
        try (var remote = new Served(dir.resolve("remote.token"), "0.0.0.0", address)) {
            driver.get(remote.base + "/experiment.html?name=" + Served.MAIN);
            waiting().until(d -> d.getPageSource().contains("every request needs its token"));
            driver.get(remote.base + "/experiment.html?name=" + Served.MAIN + "&token=" + remote.dashboard.token());
            waiting().until(d -> "true".equals(js("return document.body.dataset.loaded || null")));
            assertTrue(!driver.getCurrentUrl().contains("token="), "the token is taken out of the address");
            CHARTS.forEach(BrowserTest::assertChartDrawn);
            long added = remote.search.startOne().trial().id();
            waiting().withMessage("live updates carry the token cookie").until(d ->
                    !driver.findElements(By.cssSelector("#trials tbody tr[data-trial-id='" + added + "']")).isEmpty());
            driver.findElement(By.id("pause")).click();
            waiting().until(d -> remote.data.controlCalls().contains("pause:" + Served.MAIN));
            assertEquals(false, driver.findElement(By.id("token-dialog")).isDisplayed(), "the token from the address was kept");
            screenshot("experiment-off-loopback");
            assertEquals(List.of(), js("return window.nasErrors"));
        }
    }

    @Test
    void finalTrainingResultsShowOnTheExperimentAndTrialPages() throws Exception {
        TrialDetail t = served.data.trial(served.data.points(Served.SMALL).get(4).id()).orElseThrow();
        var r = new FinalTraining(t.trial().id(), t.trial().number(), t.trial().key(), t.trial().reward(), 0.9432, 0.9381, 18,
                java.time.Instant.parse("2026-01-06T10:00:00Z"), t.trial().params(), 120);
        served.data.put(Served.SMALL, new TrialDetail(t.trial(), t.experiment(), t.architecture(), t.seed(), t.bestEpoch(),
                t.error(), t.inferenceMs(), t.batchSize(), t.curve(), r, t.provenance(), t.configHash(), t.network()));
        open("/experiment.html?name=" + Served.SMALL);
        assertTrue(driver.findElement(By.id("retrained-panel")).isDisplayed());
        String row = driver.findElement(By.cssSelector("#retrained tbody tr[data-trial-id='" + t.trial().id() + "']")).getText();
        assertTrue(row.contains("93.81") && row.contains("94.32") && row.contains("18"), row);
        screenshot("experiment-retrained");
        open("/trial.html?id=" + t.trial().id());
        String cards = driver.findElement(By.id("cards")).getText();
        assertTrue(cards.contains("TEST ACCURACY") || cards.contains("Test accuracy"), cards);
        assertTrue(cards.contains("93.81"), cards);
        open("/experiment.html?name=" + Served.MAIN);
        assertEquals(false, driver.findElement(By.id("retrained-panel")).isDisplayed(), "hidden when nothing was retrained");
        assertEquals(List.of(), js("return window.nasErrors"));
    }

    @Test
    void experimentsPageListsEveryExperiment() throws Exception {
        driver.get(served.base + "/");
        waiting().until(d -> d.findElements(By.cssSelector("#experiments tbody tr[data-experiment]")).size() == 2);
        assertTrue(driver.findElement(By.cssSelector("tr[data-experiment='" + Served.SMALL + "']")).getText().contains("20 / 20"));
        screenshot("experiments");
        assertEquals(List.of(), js("return window.nasErrors"));
    }
}
