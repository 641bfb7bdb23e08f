package org.nas4j.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.nas4j.web.api.ApiException;

/**
 * The before-handler of every request. It sets the headers that keep pages out of frames and scripts to this
 * origin; on loopback it refuses a {@code Host} other than this machine's own names (a rebound DNS name cannot
 * read the dashboard); it refuses methods other than GET, HEAD and POST, paths that try to climb out of the
 * static folders and malformed escapes; and, when the dashboard listens on a non-loopback address, every request
 * without the token (as a bearer header, a {@code token} query parameter or the {@value AccessToken#COOKIE}
 * cookie). A token given as a query parameter is kept in an HttpOnly, same-site cookie so the page's own requests
 * carry it. Thread-safe.
 */
public final class AccessGate {
    private static final Pattern TRAVERSAL = Pattern.compile("(\\.\\.|%2e|%2f|%5c|\\\\|%00)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST);
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final AccessToken token;
    private final boolean tokenForEverything;
    private final Set<String> hosts;

    /**
     * @param tokenForEverything true when bound to a non-loopback address
     * @param boundHost          the address it listens on: on loopback, a {@code Host} header may name it too
     */
    public AccessGate(AccessToken token, boolean tokenForEverything, String boundHost) {
        this.token = token;
        this.tokenForEverything = tokenForEverything;
        String bound = boundHost.toLowerCase(Locale.ROOT);
        this.hosts = Set.copyOf(List.of("127.0.0.1", "localhost", "[::1]", bound.contains(":") ? "[" + bound + "]" : bound));
    }

    public void check(Context ctx) {
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (!tokenForEverything && !hosts.contains(hostName(ctx.header("Host")))) {
            throw new ApiException(403, "Host", "this dashboard listens on loopback and answers only requests addressed to "
                    + "127.0.0.1, localhost or [::1], not to '" + ctx.header("Host") + "': open http://127.0.0.1:" + ctx.port() + "/");
        }
        if (!METHODS.contains(ctx.method())) {
            ctx.header("Allow", "GET, HEAD, POST");
            throw new ApiException(405, null, "method " + ctx.method() + " is not allowed here: the dashboard answers GET, "
                    + "and POST for pause, resume and stop");
        }
        String raw = ctx.req().getRequestURI();
        if (raw == null || TRAVERSAL.matcher(raw).find() || BAD_ESCAPE.matcher(raw).find()) {
            throw new ApiException(400, "path", "path not allowed: " + raw + " (no '..', encoded dots, slashes, backslashes, "
                    + "NUL or malformed %-escapes)");
        }
        String query = ctx.queryString();
        if (query != null && BAD_ESCAPE.matcher(query).find()) {
            throw new ApiException(400, "query", "the query string has a malformed %-escape: write '%' as %25 and "
                    + "escape other characters as %XX with two hex digits");
        }
        if (!tokenForEverything) {
            return;
        }
        if (token.matches(AccessToken.bearer(ctx)) || token.matches(ctx.cookie(AccessToken.COOKIE))) {
            return;
        }
        if (token.matches(ctx.queryParam("token"))) {
            ctx.cookie(new Cookie(AccessToken.COOKIE, token.value(), "/", -1, false, 0, true, null, null, SameSite.STRICT));
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiException(401, "token", "this dashboard listens beyond this machine, so every request needs its token: "
                + "add ?token=<token> (kept in the token file named at start-up) or send 'Authorization: Bearer <token>'");
    }

    /** The name of a {@code Host} header without its port, in lower case ({@code [::1]} keeps its brackets); "" for none. */
    static String hostName(String header) {
        if (header == null) {
            return "";
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        int end = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':');
        return end <= 0 ? h : h.substring(0, end);
    }
}
