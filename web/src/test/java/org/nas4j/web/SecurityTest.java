package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.web.fixture.RawHttp;
import org.nas4j.web.fixture.Served;

/** The token: who may control, who may read off loopback, and what the static files never reveal. */
class SecurityTest {
    @TempDir
    Path dir;

    @Test
    void controlsWithoutOrWithAWrongTokenAre401AndChangeNothing() {
        try (var s = new Served(dir.resolve("token"))) {
            long before = s.data.changeCount(Served.MAIN);
            String path = "/api/experiments/" + Served.MAIN + "/";
            for (String action : List.of("pause", "resume", "stop")) {
                List<HttpResponse<String>> refused = List.of(
                        s.post(path + action),
                        s.post(path + action, "Authorization", "Bearer wrong-" + s.dashboard.token()),
                        s.post(path + action, "Authorization", "Bearer "),
                        s.post(path + action, "Authorization", "Basic " + s.dashboard.token()),
                        // controls take the token from the header only, so a link or a form on another site cannot act
                        s.post(path + action + "?token=" + s.dashboard.token()),
                        s.post(path + action, "Cookie", "nas4j_token=" + s.dashboard.token()));
                for (HttpResponse<String> r : refused) {
                    assertEquals(401, r.statusCode(), action + ": " + r.body());
                    assertTrue(r.body().contains("Authorization"), r.body());
                    assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(""));
                }
            }
            assertEquals(List.of(), s.data.controlCalls(), "the controls were never called");
            assertEquals("running", s.data.status(Served.MAIN));
            assertEquals(before, s.data.changeCount(Served.MAIN));
        }
    }

    @Test
    void controlsWithTheTokenPauseResumeAndStop() {
        try (var s = new Served(dir.resolve("token"))) {
            String bearer = "Bearer " + s.dashboard.token();
            String path = "/api/experiments/" + Served.MAIN + "/";
            HttpResponse<String> paused = s.post(path + "pause", "Authorization", bearer);
            assertEquals(202, paused.statusCode(), paused.body());
            assertTrue(paused.body().contains("\"accepted\":true"));
            assertEquals("paused", s.data.status(Served.MAIN));
            assertEquals(202, s.post(path + "resume", "Authorization", bearer).statusCode());
            assertEquals("running", s.data.status(Served.MAIN));
            assertEquals(202, s.post(path + "stop", "Authorization", bearer).statusCode());
            assertEquals("stopped", s.data.status(Served.MAIN));
            assertEquals(404, s.post("/api/experiments/nope/pause", "Authorization", bearer).statusCode());
            assertEquals(List.of("pause:" + Served.MAIN, "resume:" + Served.MAIN, "stop:" + Served.MAIN, "pause:nope"),
                    s.data.controlCalls());
        }
    }

    @Test
    void tokenFileIsCreatedOwnerOnlyAndReusedAtTheNextStart() throws IOException {
        Path file = dir.resolve("sub/dashboard.token");
        String first;
        try (var s = new Served(file)) {
            first = s.dashboard.token();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, Files.readString(file).strip());
        assertTrue(first.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe: " + first);
        try (var s = new Served(file)) {
            assertEquals(first, s.dashboard.token());
        }
        try (var s = new Served(dir.resolve("other.token"))) {
            assertNotEquals(first, s.dashboard.token());
        }
    }

    @Test
    void readsNeedNoTokenOnLoopback() {
        try (var s = new Served(dir.resolve("token"))) {
            assertFalse(s.dashboard.tokenForEverything());
            assertEquals(200, s.get("/api/experiments").statusCode());
            assertEquals(200, s.get("/experiment.html").statusCode());
        }
    }

    @Test
    void nonLoopbackBindRefusesEveryRequestWithoutTheToken() {
        String address = Dashboard.reachableAddress();
        try (var s = new Served(dir.resolve("token"), "0.0.0.0", address)) {
            assertTrue(s.dashboard.tokenForEverything());
            String token = s.dashboard.token();
            List<String> paths = List.of("/", "/index.html", "/experiment.html?name=" + Served.MAIN, "/css/app.css",
                    "/js/common.js", "/webjars/echarts/5.5.0/echarts.min.js", "/api/experiments", "/api/openapi.json",
                    "/api/experiments/" + Served.MAIN + "/trials", "/api/trials/1", "/api/events", "/no-such-file");
            for (String path : paths) {
                HttpResponse<String> none = s.get(path);
                assertEquals(401, none.statusCode(), "without token: " + path);
                assertFalse(none.body().contains("echarts") || none.body().contains(Served.MAIN), path + " leaked: " + none.body());
                assertEquals(401, s.get(path, "Authorization", "Bearer nope").statusCode(), "wrong token: " + path);
                assertEquals(401, s.get(path + (path.contains("?") ? "&" : "?") + "token=nope").statusCode(), "wrong ?token: " + path);
                assertEquals(401, s.get(path, "Cookie", "nas4j_token=nope").statusCode(), "wrong cookie: " + path);
            }
            assertEquals(200, s.get("/api/experiments", "Authorization", "Bearer " + token).statusCode());
            assertEquals(200, s.get("/css/app.css", "Cookie", "nas4j_token=" + token).statusCode());
            HttpResponse<String> page = s.get("/experiment.html?name=" + Served.MAIN + "&token=" + token);
            assertEquals(200, page.statusCode());
            String cookie = page.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie.startsWith("nas4j_token=" + token) && cookie.contains("HttpOnly")
                    && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(401, s.post("/api/experiments/" + Served.MAIN + "/pause", "Cookie", "nas4j_token=" + token).statusCode(),
                    "controls need the bearer header even off loopback");
            assertEquals(List.of(), s.data.controlCalls());
        }
    }

    @Test
    void pathTraversalOnStaticFilesIsRefused() throws IOException {
        try (var s = new Served(dir.resolve("token"))) {
            List<String> attacks = List.of("/../pom.xml", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                    "/css/..%2f..%2fopenapi.json", "/css/%2e%2e/%2e%2e/openapi.json", "/webjars/../org/nas4j/web/openapi.json",
                    "/..%5c..%5cetc%5cpasswd", "/css/..\\..\\openapi.json", "/js/%252e%252e/%252e%252e/openapi.json",
                    "/css/app.css%00.html", "/webjars/echarts/5.5.0/../../../../META-INF/MANIFEST.MF");
            for (String attack : attacks) {
                String answer = raw(s.dashboard.port(), attack);
                String status = answer.substring(0, answer.indexOf("\r\n"));
                assertTrue(status.matches("HTTP/1\\.1 40[04] .*"), attack + " answered " + status);
                assertFalse(answer.contains("root:") || answer.contains("\"openapi\"") || answer.contains("Manifest-Version")
                        || answer.contains("<artifactId>"), attack + " leaked a file");
            }
            assertTrue(raw(s.dashboard.port(), "/css/app.css").startsWith("HTTP/1.1 200"));
        }
    }

    /** Sends {@code GET path} byte for byte (no client-side normalization) and returns the whole answer. */
    static String raw(int port, String path) throws IOException {
        return RawHttp.send(port, "GET " + path);
    }
}
