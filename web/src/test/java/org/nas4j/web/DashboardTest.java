package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;
import org.nas4j.web.fixture.Served;

/** Starting and stopping: the bound port, errors that say what to do, and controls when no search runs. */
class DashboardTest {
    @TempDir
    Path dir;

    @Test
    void aBusyPortIsAUserErrorThatSaysToChooseAnotherPort() {
        try (var s = new Served(dir.resolve("token"))) {
            UserError e = assertThrows(UserError.class, () -> Dashboard.start(s.data, s.data, "127.0.0.1",
                    s.dashboard.port(), dir.resolve("token")));
            assertTrue(e.getMessage().contains("--port"), e.getMessage());
            assertEquals(200, s.get("/api/experiments").statusCode(), "the first one still serves");
        }
    }

    @Test
    void anUnknownHostIsAUserError() {
        UserError e = assertThrows(UserError.class, () -> Dashboard.start(new org.nas4j.web.fixture.InMemoryDashboard(),
                ExperimentControls.none(), "no-such-host.invalid", 0, dir.resolve("token")));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }

    @Test
    void withoutASearchControlsAnswer404AndTheUrlHasTheBoundPort() {
        var served = new Served(dir.resolve("token"));
        served.close();
        try (var d = Dashboard.start(served.data, ExperimentControls.none(), "127.0.0.1", 0, dir.resolve("token"))) {
            assertTrue(d.port() > 0);
            assertEquals("http://127.0.0.1:" + d.port() + "/", d.url());
            var client = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url() + "api/experiments/" + Served.MAIN + "/pause"))
                    .header("Authorization", "Bearer " + d.token()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(404, client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
