package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.web.fixture.Served;

/** The served OpenAPI description documents exactly the routes the dashboard registers. */
class OpenApiTest {
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @TempDir
    Path dir;

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() {
        try (var s = new Served(dir.resolve("token"))) {
            JsonNode api = s.json("/api/openapi.json");
            assertTrue(api.get("openapi").asText().startsWith("3."));
            var registered = new TreeSet<String>();
            for (String route : s.dashboard.routes()) {
                String method = route.substring(0, route.indexOf(' '));
                if (METHODS.contains(method)) {
                    registered.add(method.toLowerCase() + " " + route.substring(route.indexOf(' ') + 1));
                }
            }
            var documented = new TreeSet<String>();
            api.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                    .forEachRemaining(m -> documented.add(m + " " + p.getKey())));
            assertTrue(registered.size() >= 18, registered.toString());
            assertEquals(registered, documented);
        }
    }

    @Test
    void everyDocumentedOperationHasASummaryAndResponses() {
        try (var s = new Served(dir.resolve("token"))) {
            s.json("/api/openapi.json").get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
                assertTrue(op.getValue().hasNonNull("summary"), p.getKey());
                assertTrue(op.getValue().get("responses").size() > 0, p.getKey());
            }));
        }
    }
}
