package org.nas4j.bench.train;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** What {@link TrainBench} measures besides training: the data pipeline, inference, peak memory. */
final class Rates {
    private Rates() {}

    /** Images per second of one pass over {@code it}, without training. */
    static double imagesPerSecond(DataSetIterator it) {
        long images = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            images += it.next().numExamples();
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    /** Images per second of {@code graph}'s inference over {@code it}. */
    static double inference(ComputationGraph graph, DataSetIterator it) {
        long images = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            DataSet ds = it.next();
            graph.outputSingle(ds.getFeatures());
            images += ds.numExamples();
        }
        return images / ((System.nanoTime() - t0) / 1e9);
    }

    static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    /** VmHWM from /proc (Linux), or "n/a". */
    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse("n/a");
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
