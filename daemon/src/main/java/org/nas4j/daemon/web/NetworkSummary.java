package org.nas4j.daemon.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.core.Architecture;
import org.nas4j.evaluator.train.TrainingConfig;
import org.nas4j.space.CnnSearchSpace;
import org.nas4j.space.NetworkSpec;
import org.nas4j.space.dl4j.CompiledNetwork;
import org.nas4j.web.LayerLink;
import org.nas4j.web.LayerRow;

/**
 * A trial's network as its page shows it: the compiler's rows (stem, layers, reductions, head) with their shapes,
 * params and FLOPs, the skip connections between rows, and the DL4J configuration JSON compiled with the trial's
 * training settings and seed (what its training used). Immutable.
 */
record NetworkSummary(List<LayerRow> layers, List<LayerLink> links, String dl4jConfigJson) {
    static final NetworkSummary NONE = new NetworkSummary(List.of(), List.of(), null);

    static NetworkSummary of(CnnSearchSpace space, TrainingConfig training, Architecture architecture, long seed) {
        NetworkSpec spec = space.spec(architecture);
        CompiledNetwork net = training.compile(spec, seed);
        var layers = net.rows().stream().map(r -> new LayerRow(r.layer(), r.op(), r.output().toString(), r.params(), r.flops()))
                .toList();
        // The compiler writes one row for the stem, one per block in order, one for the head.
        Map<Integer, Integer> rowOfLayer = new HashMap<>(Map.of(0, 0));
        var links = new ArrayList<LayerLink>();
        for (int b = 0; b < spec.blocks().size(); b++) {
            if (spec.blocks().get(b) instanceof NetworkSpec.Layer layer) {
                rowOfLayer.put(layer.index(), b + 1);
                for (int from : layer.skipsFrom()) {
                    links.add(new LayerLink(rowOfLayer.get(from), b + 1));
                }
            }
        }
        return new NetworkSummary(layers, links, net.configuration().toJson());
    }
}
