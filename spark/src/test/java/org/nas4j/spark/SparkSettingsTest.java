package org.nas4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;
import org.nas4j.daemon.search.SearchProblem;
import org.nas4j.evaluator.data.DatasetSection;

/** The spark section is validated with the rest of the experiment file, before a search starts. */
class SparkSettingsTest {
    static String error(Path dir, String body) throws Exception {
        Path file = Searches.tabular(dir, "bad", body);
        return assertThrows(UserError.class, () -> SearchProblem.from(file, ConfigNode.load(file))).getMessage()
                .replace(file.toString(), "bad.yaml");
    }

    @Test
    void mastersPropertiesAndCheckpointsAreRead(@TempDir Path dir) throws Exception {
        for (String master : new String[] {"local", "local[4]", "local[*]", "local[2,3]", "spark://a.example:7077",
                "spark://h1:7077,h2:7077", "k8s://https://10.0.0.1:6443"}) {
            Path file = Searches.tabular(dir, "ok", "executor: spark\nspark:\n  master: \"" + master + "\"\n");
            assertEquals(master, SparkSettings.from(SearchProblem.from(file, ConfigNode.load(file)).config()).master());
        }
        Path file = Searches.tabular(dir, "ok", """
                executor: spark
                spark:
                  master: spark://h:7077
                  checkpoint_dir: /shared/nas4j
                  properties: {spark.executor.memory: 2g, spark.task.resource.gpu.amount: 1, spark.executor.cores: 4}
                """);
        var s = SparkSettings.from(ConfigNode.load(file));
        assertEquals(Map.of("spark.executor.memory", "2g", "spark.task.resource.gpu.amount", "1", "spark.executor.cores", "4"),
                s.properties());
        assertEquals("/shared/nas4j", s.checkpointDir());
    }

    @Test
    void aBadSparkSectionIsAOneLineErrorNamingTheFieldAndTheFix(@TempDir Path dir) throws Exception {
        assertEquals("bad.yaml: spark is missing: executor: spark needs a spark section with a master (local[2], "
                + "spark://host:7077 or k8s://https://host:6443)", error(dir, "executor: spark\n"));
        assertEquals("bad.yaml: spark.master \"yarn\" is not a Spark master: use local[N], spark://host:port (standalone) "
                + "or k8s://https://host:port (Kubernetes)", error(dir, "executor: spark\nspark: {master: yarn}\n"));
        assertEquals("bad.yaml: spark.mastr is not a known field; allowed here: [checkpoint_dir, master, properties]",
                error(dir, "executor: spark\nspark: {mastr: \"local[2]\"}\n").replaceAll(" \\(.*\\)$", ""));
        assertEquals("bad.yaml: spark.properties.executor.memory is not a Spark property: Spark properties start with spark.",
                error(dir, "executor: spark\nspark: {master: \"local[2]\", properties: {executor.memory: 2g}}\n"));
        assertEquals("bad.yaml: spark.properties.spark.task.resource.gpu.amount must be 1, not 0.5: each trial gets a GPU of its own",
                error(dir, "executor: spark\nspark: {master: \"spark://h:7077\", properties: {spark.task.resource.gpu.amount: 0.5}}\n"));
        assertEquals("bad.yaml: spark.properties.spark.task.resource.gpu.amount needs a cluster: Spark's local[2] master hands "
                + "out no GPUs (its tasks would wait for ever): use spark://host:port (a standalone cluster, also on one "
                + "machine), or executor: local with workers.gpus",
                error(dir, "executor: spark\nspark: {master: \"local[2]\", properties: {spark.task.resource.gpu.amount: 1}}\n"));
        assertEquals("bad.yaml: spark.properties.spark.executor.resource.gpu.amount is set without spark.task.resource.gpu.amount: "
                + "add spark.task.resource.gpu.amount: 1 so that each trial gets a GPU of its own",
                error(dir, "executor: spark\nspark: {master: \"local[2]\", properties: {spark.executor.resource.gpu.amount: 2}}\n"));
    }

    @Test
    void workerSettingsThatSparkReplacesAreRefused(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DatasetSection.FASHION_MNIST), "Fashion-MNIST is not installed (bin/setup installs it)");
        String spark = "executor: spark\nspark: {master: \"local[2]\"}\n";
        Path file = Searches.training(dir, "bad", spark + "workers: {isolation: in_process}\n");
        assertEquals(file + ": workers.isolation is in_process, but on Spark every trial runs in a worker process of its "
                + "executor: remove it", assertThrows(UserError.class, () -> SearchProblem.from(file, ConfigNode.load(file))).getMessage());
    }
}
