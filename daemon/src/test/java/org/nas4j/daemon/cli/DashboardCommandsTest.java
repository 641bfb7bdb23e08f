package org.nas4j.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.daemon.cli.NasCommandTest.Result;
import org.nas4j.daemon.search.MacroExperiment;
import org.nas4j.web.fixture.Http;

/** {@code nas serve} and the dashboard options of {@code nas search}: what a user types, and the errors they get. */
class DashboardCommandsTest {

    static Path experiment(Path dir) throws Exception {
        return MacroExperiment.write(dir, "macro", 2, 0, "strategy: {name: random}\nbudget: {trials: 15}\n");
    }

    @Test
    void serveShowsTheStoredExperimentsAndRefusesControlsWithNoSearchRunning(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=TRUE";
        Result search = NasCommandTest.nas("search", "--config", experiment(dir).toString(), "--db", db, "--no-web");
        assertEquals(0, search.code(), search.err());
        assertTrue(!search.out().contains("nas4j dashboard"), "--no-web starts no dashboard");
        Process serve = NasProcess.start(dir, "serve", "--db", db, "--port", "0");
        try {
            String url = NasProcess.dashboardUrl(dir, serve);
            var http = new Http(url);
            assertEquals("macro", http.json("/api/experiments").get(0).get("name").asText());
            assertEquals(15, http.json("/api/experiments/macro").get("trialsDone").asInt());
            String token = Files.readString(dir.resolve("home").resolve("dashboard.token")).strip();
            assertEquals(404, http.post("/api/experiments/macro/pause", "Authorization", "Bearer " + token).statusCode());
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, serve.exitValue(), "SIGTERM ends nas serve cleanly");
    }

    @Test
    void aPortInUseIsOneLineNamingPortAndNoWeb(@TempDir Path dir) throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:h2:file:" + dir.resolve("busy");
            Result r = NasCommandTest.nas("search", "--config", experiment(dir).toString(), "--db", url,
                    "--port", String.valueOf(busy.getLocalPort()));
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("nas: the dashboard cannot listen on 127.0.0.1:" + busy.getLocalPort()), r.err());
            assertTrue(r.err().contains("--port") && r.err().contains("--no-web"), r.err());
            try (var store = org.nas4j.store.NasStore.open(url)) {
                assertTrue(store.queries().experiments().isEmpty(), "nothing was stored before the port was refused");
            }
        }
        Result bad = NasCommandTest.nas("serve", "--db", "jdbc:h2:mem:x", "--port", "70000");
        assertEquals(2, bad.code());
        assertEquals("nas: --port must be from 0 to 65535, not 70000", bad.err().strip());
    }

    @Test
    void serveOnACorruptDatabaseIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("broken.mv.db"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Result r = NasCommandTest.nas("serve", "--db", "jdbc:h2:file:" + dir.resolve("broken"), "--port", "0");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("broken"), r.err());
    }
}
