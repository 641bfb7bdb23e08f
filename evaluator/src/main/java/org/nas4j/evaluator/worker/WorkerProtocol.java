package org.nas4j.evaluator.worker;

import com.fasterxml.jackson.databind.JsonNode;
import org.nas4j.core.Json;

/**
 * The lines a parent and its worker exchange. The parent writes one request line on the worker's stdin;
 * the worker writes {@value #PREFIX}-prefixed JSON lines on stdout (other output is ignored, since native
 * code prints there too): an {@code epoch} object per epoch, answered by the parent with {@code continue}
 * or {@code prune}, then one {@code result}.
 */
final class WorkerProtocol {
    static final String PREFIX = "@@nas4j ";
    static final String CONTINUE = "continue";
    static final String PRUNE = "prune";

    private WorkerProtocol() {}

    static String line(String type, Object payload) {
        var node = Json.MAPPER.createObjectNode();
        node.set(type, Json.MAPPER.valueToTree(payload));
        return PREFIX + Json.write(node);
    }

    /** The message of a protocol line, or null for any other output. */
    static JsonNode parse(String line) {
        return line.startsWith(PREFIX) ? Json.read(line.substring(PREFIX.length()), "worker message") : null;
    }
}
