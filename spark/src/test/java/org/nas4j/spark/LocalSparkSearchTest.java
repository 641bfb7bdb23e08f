package org.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.daemon.cli.NasCommandTest;
import org.nas4j.evaluator.data.DatasetSection;

/**
 * Searches through Spark on {@code local[2]} store the same results as the local executor with the same seed.
 * Where "same" means something: random search with 2 trials at once (its proposals do not depend on the
 * order results come back in), and regularized evolution with one trial at a time (its tells come in
 * proposal order on both executors).
 */
class LocalSparkSearchTest {
    static final String SPARK = """
            executor: spark
            spark:
              master: local[2]
              properties: {spark.ui.enabled: false, spark.driver.host: 127.0.0.1, spark.driver.bindAddress: 127.0.0.1}
            """;

    @Test
    void aTabularRandomSearchWithTwoTrialsAtOnceStoresTheSameResultsAsTheLocalExecutor(@TempDir Path dir) throws Exception {
        assertSameResults(dir, "strategy: random\nworkers: {count: 2}\nbudget: {trials: 40}\n", 40, false);
    }

    @Test
    void aTabularEvolutionSearchOneTrialAtATimeStoresTheSameResultsAsTheLocalExecutor(@TempDir Path dir) throws Exception {
        assertSameResults(dir, "strategy: {name: evolution, population: 8, sample: 3}\nbudget: {trials: 30}\n", 30, false);
    }

    @Test
    void aTinyTrainingSearchWithTwoTrialsAtOnceStoresTheSameResultsAsTheLocalExecutor(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        assertSameResults(dir, "strategy: random\nworkers: {count: 2, memory_gb: 1}\nbudget: {trials: 3}\n", 3, true);
    }

    private static void assertSameResults(Path dir, String body, int trials, boolean training) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        Path local = training ? Searches.training(dir, "local", body) : Searches.tabular(dir, "local", body);
        Path spark = training ? Searches.training(dir, "spark", body + SPARK) : Searches.tabular(dir, "spark", body + SPARK);
        var a = NasCommandTest.nas("search", "--config", local.toString(), "--name", "same", "--db", url + "-local", "--no-web");
        assertEquals(0, a.code(), a.err());
        var b = NasCommandTest.nas("search", "--config", spark.toString(), "--name", "same", "--db", url + "-spark", "--no-web");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("experiment same finished: " + trials + " of " + trials + " trials"), b.out());
        List<Searches.Stored> viaSpark = Searches.stored(url + "-spark", "same");
        assertEquals(trials, viaSpark.size());
        assertTrue(viaSpark.stream().allMatch(t -> t.state().equals("COMPLETED") && t.reward() > 0), viaSpark.toString());
        assertEquals(Searches.stored(url + "-local", "same"), viaSpark);
        assertTrue(Searches.events(url + "-spark", "same").stream().anyMatch(e -> e.startsWith("ran on Spark executor driver")),
                "the trials ran in Spark's local executor");
    }
}
