package org.nas4j.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A real Spark standalone cluster on loopback: Spark's own Master and Workers, each a JVM of its own started
 * from the test class path, with a SPARK_HOME whose jars/ folder is empty (executors get the test class path
 * through spark.executor.extraClassPath). Each Worker offers 2 cores and two fake GPUs, ids 3 and 5, found by a
 * discovery script.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final Path gpuScript;

    private StandaloneCluster(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
        this.gpuScript = dir.resolve("gpus.sh");
        Files.writeString(gpuScript, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"3\", \"5\"]}'\n");
        gpuScript.toFile().setExecutable(true);
        this.port = freePort();
        this.master = start("master", List.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        await(master, dir.resolve("master.log"), "I have been elected leader");
    }

    static StandaloneCluster start(Path dir) throws Exception {
        return new StandaloneCluster(dir);
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    Path gpuScript() {
        return gpuScript;
    }

    /** Starts a Worker with 2 cores and GPUs 3 and 5 and waits until the Master has it. */
    Process addWorker() throws Exception {
        int n = workers.size() + 1;
        Process worker = start("worker-" + n, List.of("-Dspark.worker.resource.gpu.amount=2",
                        "-Dspark.worker.resource.gpu.discoveryScript=" + gpuScript),
                "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "3g",
                "--work-dir", dir.resolve("work-" + n).toString(), "--webui-port", String.valueOf(freePort()), url());
        workers.add(worker);
        await(worker, dir.resolve("worker-" + n + ".log"), "Successfully registered with master");
        return worker;
    }

    Process lastWorker() {
        return workers.get(workers.size() - 1);
    }

    /** Kills a Worker JVM with SIGKILL (its executors notice and exit on their own). */
    static void kill(Process worker) throws InterruptedException {
        worker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private Process start(String name, List<String> options, String main, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static void await(Process p, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no \"" + line + "\" in " + log + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            kill(w);
        }
        master.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
}
