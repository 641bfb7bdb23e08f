package org.nas4j.core.read;

import java.util.List;

/**
 * A trial's network as its page shows it: rows stem to head, the skip links between rows, and the DL4J configuration
 * JSON it compiles to. Not stored: compiled from the experiment's space when asked. {@link #NONE} for a space without
 * networks (a tabular benchmark). Immutable.
 */
public record NetworkSummary(List<LayerRow> layers, List<LayerLink> links, String dl4jConfigJson) {
    public static final NetworkSummary NONE = new NetworkSummary(List.of(), List.of(), null);

    public NetworkSummary {
        layers = List.copyOf(layers);
        links = List.copyOf(links);
    }
}
