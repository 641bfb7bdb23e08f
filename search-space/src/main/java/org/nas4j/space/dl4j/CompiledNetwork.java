package org.nas4j.space.dl4j;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nas4j.core.read.LayerRow;
import org.nas4j.space.Shape;

/**
 * A compiled network: the DL4J configuration and its analytic summary. {@code params} equals DL4J's
 * {@code numParams()}; {@code flops} counts multiply-adds of convolutions and dense layers for one image.
 * {@code shapes} holds the inferred output shape of every vertex, by name.
 */
public record CompiledNetwork(ComputationGraphConfiguration configuration, List<LayerRow> rows, Map<String, Shape> shapes) {
    public CompiledNetwork {
        rows = List.copyOf(rows);
        shapes = Map.copyOf(shapes);
    }

    public long params() {
        return rows.stream().mapToLong(LayerRow::params).sum();
    }

    public long flops() {
        return rows.stream().mapToLong(LayerRow::flops).sum();
    }

    /** The summary as an aligned text table with a total line. */
    public String table() {
        var sb = new StringBuilder();
        String fmt = "%-10s %-32s %-12s %12s %15s%n";
        sb.append(String.format(fmt, "layer", "op", "output", "params", "FLOPs"));
        for (LayerRow r : rows) {
            sb.append(String.format(fmt, r.layer(), r.op(), r.outputShape(), String.format("%,d", r.params()),
                    String.format("%,d", r.flops())));
        }
        sb.append(String.format(fmt, "total", "", "", String.format("%,d", params()), String.format("%,d", flops())));
        return sb.toString();
    }
}
