package org.nas4j.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Sets DL4J up to run fast, before ND4J loads: picks the native build of the backend chosen at build
 * time (oneDNN on CPU, cuDNN on CUDA), switches DL4J's layer helpers on, and unpacks natives once into
 * a persistent cache. System properties given on the command line win. It also silences SameDiff's
 * debug print: M2.1 writes "Added differentiated op ..." to {@code System.out} for every op each time it
 * builds a gradient (the REINFORCE controller's attention head is a SameDiff layer), which would mix with
 * the command line's output. Call {@link #configure()} first thing in every entry point; it is idempotent
 * and thread-safe.
 */
public final class Dl4jRuntime {
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    public static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    public static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    private static final Properties BUILD = load();
    private static final String SAMEDIFF_DEBUG = "Added differentiated op ";

    private Dl4jRuntime() {}

    public static synchronized void configure() {
        System.setProperty(HELPERS_DISABLE, System.getProperty(HELPERS_DISABLE, "false"));
        System.setProperty(PLATFORM_EXTENSION, System.getProperty(PLATFORM_EXTENSION,
                BUILD.getProperty("javacpp.platform.extension", "")));
        System.setProperty(CACHE_DIR, System.getProperty(CACHE_DIR,
                Path.of(System.getProperty("user.home"), ".nas4j", "javacpp-cache").toString()));
        if (!(System.out instanceof Quiet)) {
            System.setOut(new Quiet(System.out));
        }
    }

    /** {@code System.out} without SameDiff's debug lines. */
    private static final class Quiet extends PrintStream {
        Quiet(PrintStream out) {
            super(out, true);
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(SAMEDIFF_DEBUG)) {
                super.println(line);
            }
        }
    }

    /**
     * The seed to give DL4J's configuration builders for {@code seed}: DL4J 1.0.0-M2.1 takes seed 0 as
     * "no seed" and initialises the weights at random, so 0 becomes another fixed number (measured: two
     * controllers built with seed 0 proposed different architectures from the third step on).
     */
    public static long seed(long seed) {
        return seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /**
     * Whether every value of {@code params} is finite. A training step can leave a parameter infinite while its loss
     * stays finite (a batch norm's running variance overflows; its normalised output does not), and DL4J M2.1's
     * {@code setLearningRate} then fails in its updater rebuild, which compares parameter views by value.
     */
    public static boolean allFinite(INDArray params) {
        return !BooleanIndexing.or(params, Conditions.notFinite());
    }

    /** The backend this build was packaged for: {@code cpu} or {@code cuda}. */
    public static String backend() {
        return BUILD.getProperty("backend", "cpu");
    }

    /** The nas4j version this build was packaged as. */
    public static String nas4jVersion() {
        return BUILD.getProperty("nas4j.version", "unknown");
    }

    /** The Deeplearning4j/ND4J version this build was packaged with. */
    public static String dl4jVersion() {
        return BUILD.getProperty("dl4j.version", "unknown");
    }

    /** The OpenMP threads ND4J runs with in this JVM (loads ND4J). */
    public static int threads() {
        configure();
        return Integer.parseInt(String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads")));
    }

    /** Whether DL4J's oneDNN layer helpers are active (loads ND4J). */
    public static boolean oneDnnActive() {
        configure();
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** One line for logs: backend, oneDNN state and thread count (loads ND4J). */
    public static String describe() {
        configure();
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        return "ND4J backend " + env.getProperty("backend") + ", oneDNN " + (oneDnnActive() ? "on" : "off")
                + ", " + threads() + " OpenMP threads";
    }

    private static Properties load() {
        var p = new Properties();
        try (InputStream in = Dl4jRuntime.class.getResourceAsStream("backend.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read backend.properties from the nas4j jar", e);
        }
        return p;
    }
}
