package org.nas4j.evaluator.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nas4j.core.EpochListener;
import org.nas4j.core.EpochMetrics;
import org.nas4j.core.Evaluator;
import org.nas4j.core.Json;
import org.nas4j.core.Pruner;
import org.nas4j.core.StopReason;
import org.nas4j.core.Trial;
import org.nas4j.core.TrialResult;
import org.nas4j.core.config.ConfigNode;

/**
 * Runs each trial in its own worker JVM ({@link WorkerMain}) on a slot of the {@link SlotPool}, so that a
 * native crash, an out-of-memory kill or a hang fails that trial alone. Epochs stream back and the pruner
 * decides here, in the parent. Thread-safe: call {@link #evaluate} from as many threads as there are slots.
 */
public final class ProcessEvaluator implements Evaluator {
    private final ConfigNode experiment;
    private final WorkerConfig config;
    private final SlotPool slots;
    private final Pruner pruner;
    private final Path logDir;
    private final String classPath;
    private final Clock clock;

    /**
     * @param experiment the experiment file as read (with any overrides); each worker gets this copy
     * @param pruner     decides, epoch by epoch; a {@code PrunerFeed} around this evaluator tells it the finished curves
     */
    public ProcessEvaluator(ConfigNode experiment, WorkerConfig config, SlotPool slots, Pruner pruner, Path logDir) {
        this(experiment, config, slots, pruner, logDir, System.getProperty("java.class.path"), Clock.systemUTC());
    }

    /**
     * @param classPath the worker JVMs' class path (this JVM's, unless its classes come from a class loader)
     * @param clock     the time of the trial's timeout
     */
    public ProcessEvaluator(ConfigNode experiment, WorkerConfig config, SlotPool slots, Pruner pruner, Path logDir,
                            String classPath, Clock clock) {
        this.classPath = classPath;
        this.clock = clock;
        this.experiment = experiment;
        this.config = config;
        this.slots = slots;
        this.pruner = pruner;
        this.logDir = logDir;
    }

    @Override
    public TrialResult evaluate(Trial trial, EpochListener listener) {
        Slot slot;
        try {
            slot = slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TrialResult.failed(StopReason.ERROR, "interrupted before the trial started", List.of());
        }
        try {
            return run(trial, slot, listener);
        } finally {
            slots.release(slot);
        }
    }

    private TrialResult run(Trial trial, Slot slot, EpochListener listener) {
        Path log = logDir.resolve("trial-" + trial.id() + ".log");
        Process process;
        try {
            Files.createDirectories(logDir);
            var builder = new ProcessBuilder(command()).redirectError(log.toFile());
            builder.environment().putAll(slot.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker JVM", e);
        }
        var curve = new ArrayList<EpochMetrics>();
        var callback = new PruningCallback(trial, listener, pruner);
        BlockingQueue<String> lines = readLines(process);
        Instant deadline = clock.instant().plusNanos((long) (config.timeoutSeconds() * 1e9));
        try (var toWorker = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8)) {
            listener.ranOn(trial, slot.provenance("worker process " + process.pid()));
            toWorker.println(Json.write(WorkerMain.request(experiment, trial, config.memoryBytes())));
            while (true) {
                String line = lines.poll(Math.max(0, Duration.between(clock.instant(), deadline).toNanos()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    process.destroyForcibly().waitFor();
                    return TrialResult.failed(StopReason.TIMEOUT, "no result within the timeout of "
                            + config.timeoutSeconds() / 60 + " minutes; the worker was killed (log: " + log + ")", curve);
                }
                if (line == EOF) {
                    int code = process.waitFor();
                    return TrialResult.failed(StopReason.CRASHED, "the worker process died with exit code " + code
                            + (code > 128 ? " (signal " + (code - 128) + ")" : "") + lastLine(log) + " (log: " + log + ")", curve);
                }
                JsonNode message = WorkerProtocol.parse(line);
                if (message == null) {
                    continue;
                }
                if (message.has("epoch")) {
                    EpochMetrics m = Json.MAPPER.treeToValue(message.get("epoch"), EpochMetrics.class);
                    curve.add(m);
                    toWorker.println(callback.onEpoch(m) ? WorkerProtocol.CONTINUE : WorkerProtocol.PRUNE);
                } else if (message.has("resumed")) {
                    List<EpochMetrics> resumed = List.of(Json.MAPPER.treeToValue(message.get("resumed"), EpochMetrics[].class));
                    curve.addAll(resumed);
                    callback.resumed(resumed);
                } else if (message.has("event")) {
                    listener.onEvent(trial, message.get("event").asText());
                } else if (message.has("result")) {
                    process.waitFor(30, TimeUnit.SECONDS);
                    return Json.MAPPER.treeToValue(message.get("result"), TrialResult.class);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return TrialResult.failed(StopReason.ERROR, "interrupted; the worker was stopped", curve);
        } catch (IOException e) {
            process.destroyForcibly();
            return TrialResult.failed(StopReason.ERROR, "unreadable worker message: " + e.getMessage(), curve);
        } finally {
            process.destroyForcibly();
        }
    }

    /** java, heap a quarter of the memory limit, ND4J's off-heap arrays the rest, same class path. */
    private List<String> command() {
        long total = config.memoryBytes();
        long heap = Math.max(256L << 20, total / 4);
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (heap >> 20) + "m",
                "-Dorg.bytedeco.javacpp.maxbytes=" + Math.max(256L << 20, total - heap),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (total + (256L << 20)),
                "-cp", classPath, WorkerMain.class.getName());
    }

    private static final String EOF = new String("<eof>");

    private static BlockingQueue<String> readLines(Process process) {
        var queue = new LinkedBlockingQueue<String>();
        var reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    queue.add(line);
                }
            } catch (IOException ignored) {
                // the process died; EOF follows
            }
            queue.add(EOF);
        }, "worker-stdout");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String lastLine(Path log) {
        try {
            var lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : "; last log line: " + lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
