package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.web.fixture.RawHttp.body;
import static org.nas4j.web.fixture.RawHttp.status;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.core.UserError;
import org.nas4j.web.auth.AccessToken;
import org.nas4j.web.fixture.RawHttp;
import org.nas4j.web.fixture.Served;

/** What a hostile web page or a careless client tries: rebound names, frames, odd methods, broken requests, token files. */
class HardeningTest {
    @TempDir
    Path dir;

    @Test
    void onLoopbackARequestForAnotherHostNameIsRefusedSoDnsRebindingReadsNothing() throws IOException {
        try (var s = new Served(dir.resolve("token"))) {
            int port = s.dashboard.port();
            for (String host : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example:" + port,
                    "localhost.attacker.example", "10.0.0.1:" + port, "[::2]:" + port, "")) {
                for (String path : List.of("/api/experiments", "/api/experiments/" + Served.MAIN + "/trials", "/index.html", "/")) {
                    String answer = RawHttp.send(port, "GET " + path, "Host: " + host);
                    assertEquals(403, status(answer), host + " " + path + ": " + answer);
                    assertTrue(body(answer).contains("\"error\"") && body(answer).contains("127.0.0.1"), answer);
                    assertFalse(answer.contains(Served.SMALL), "nothing leaks: " + answer);
                }
            }
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST", "127.0.0.1")) {
                String answer = RawHttp.send(port, "GET /api/experiments", "Host: " + host);
                assertEquals(200, status(answer), host + ": " + answer);
                assertTrue(answer.contains(Served.SMALL));
            }
        }
    }

    @Test
    void offLoopbackAnyHostNameWorksWithTheToken() throws IOException {
        try (var s = new Served(dir.resolve("token"), "0.0.0.0", "127.0.0.1")) {
            String answer = RawHttp.send(s.dashboard.port(), "GET /api/experiments", "Host: nas.example.org", "Authorization: Bearer " + s.dashboard.token());
            assertEquals(200, status(answer), answer);
            assertFalse(s.dashboard.url().contains("0.0.0.0"), s.dashboard.url());
        }
    }

    @Test
    void everyAnswerForbidsFramesForeignScriptsAndSniffing() {
        try (var s = new Served(dir.resolve("token"))) {
            for (String path : List.of("/", "/index.html", "/experiment.html", "/js/common.js", "/api/experiments", "/api/nope", "/nope")) {
                HttpResponse<String> r = s.get(path);
                assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
                String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'")
                        && csp.contains("default-src 'self'"), path + ": " + csp);
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            }
        }
    }

    @Test
    void putDeleteAndPatchAre405WithAllowAndJson() throws IOException {
        try (var s = new Served(dir.resolve("token"))) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
                for (String path : List.of("/api/experiments", "/api/experiments/" + Served.MAIN, "/api/experiments/" + Served.MAIN + "/pause", "/index.html")) {
                    String answer = RawHttp.send(s.dashboard.port(), method + " " + path, "Host: 127.0.0.1", "Content-Length: 0");
                    assertEquals(405, status(answer), method + " " + path + ": " + answer);
                    if (!method.equals("TRACE")) {
                        assertTrue(answer.contains("Allow: GET, HEAD, POST") && body(answer).contains("\"error\""), answer);
                    }
                }
            }
            assertEquals(List.of(), s.data.controlCalls());
        }
    }

    @Test
    void malformedEscapesLongAddressesAndHugeHeadersAnswerTheApisJsonError() throws IOException {
        try (var s = new Served(dir.resolve("token"))) {
            int port = s.dashboard.port();
            List<String> answers = new ArrayList<>();
            for (String path : List.of("/api/experiments/" + Served.MAIN + "/trials?page=%ZZ", "/api/experiments/" + Served.MAIN
                    + "/trials?sort=%", "/api/experiments?x=%4", "/api/experiments/%ZZ", "/api/experiments/macro%", "/%zz.html")) {
                String answer = RawHttp.send(port, "GET " + path, "Host: 127.0.0.1");
                assertEquals(400, status(answer), path + ": " + answer);
                answers.add(answer);
            }
            String longUri = RawHttp.send(port, "GET /api/experiments?x=" + "a".repeat(20_000), "Host: 127.0.0.1");
            assertEquals(414, status(longUri), longUri);
            answers.add(longUri);
            String bigHeader = RawHttp.send(port, "GET /api/experiments", "Host: 127.0.0.1", "X-Big: " + "b".repeat(20_000));
            assertEquals(431, status(bigHeader), bigHeader);
            answers.add(bigHeader);
            for (String answer : answers) {
                assertTrue(answer.contains("Content-Type: application/json"), answer);
                assertTrue(body(answer).contains("{\"error\":\""), answer);
                assertFalse(answer.contains("<html") || answer.contains("Jetty"), answer);
            }
        }
    }

    @Test
    void aTokenFileOthersCanReadIsMadeOwnerOnlyWithANote() throws IOException {
        Path file = dir.resolve("dashboard.token");
        String token = "Q2hvb3NlIGEgbG9uZyByYW5kb20gdG9rZW4gZm9yIG5hczRq";
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var notes = new ArrayList<String>();
        assertEquals(token, AccessToken.loadOrCreate(file, notes::add).value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains(file.toString()) && notes.get(0).contains("rw-r--r--") && notes.get(0).contains("owner-only"), notes.get(0));
        notes.clear();
        AccessToken.loadOrCreate(file, notes::add);
        assertEquals(List.of(), notes, "an owner-only file is read silently");
    }

    @Test
    void weakTokensAreRefusedWithTheFix() throws IOException {
        for (String weak : List.of("", "short", "0123456789abcdef", "a".repeat(43), "abababababababababababababababababababababab",
                "has spaces in it and is long enough to pass a length check", "x".repeat(200))) {
            Path file = Files.writeString(dir.resolve("weak.token"), weak);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            UserError e = assertThrows(UserError.class, () -> AccessToken.loadOrCreate(file, note -> { }), weak);
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("delete the file"), e.getMessage());
        }
    }
}
