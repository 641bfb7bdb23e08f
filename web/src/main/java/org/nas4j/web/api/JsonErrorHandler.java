package org.nas4j.web.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.nas4j.core.Json;

/**
 * Jetty's answer to requests it refuses before the dashboard sees them (malformed escapes, a URI or headers too
 * long): the API's JSON error {@code {"error": ...}} instead of Jetty's HTML page. Stateless.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getWriter().write(body(code, message));
    }

    static String body(int status, String reason) {
        String why = switch (status) {
            case 414 -> "the address is too long: shorten it (?ids= takes at most " + ExperimentApi.MAX_CURVES + " trials)";
            case 431 -> "the request headers are too large: send fewer or shorter headers and cookies";
            default -> "the request is malformed" + (reason == null ? "" : " (" + reason + ")")
                    + ": escape special characters in the address as %XX";
        };
        return Json.write(Map.of("error", why));
    }
}
