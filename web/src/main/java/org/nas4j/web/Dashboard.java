package org.nas4j.web;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nas4j.core.UserError;
import org.nas4j.web.api.ApiRoutes;
import org.nas4j.web.api.JsonErrorHandler;
import org.nas4j.web.api.WebJson;
import org.nas4j.web.auth.AccessGate;
import org.nas4j.web.auth.AccessToken;
import org.nas4j.web.live.ChangeHub;

/**
 * The running dashboard: pages, REST API and live updates over the given queries and controls. Started by the
 * daemon ({@code nas search}) or by {@code nas serve}; {@link #start} returns once it listens. Thread-safe;
 * {@link #stop} (or {@link #close}) ends it.
 */
public final class Dashboard implements AutoCloseable {
    /** Where the pages live on the class path. */
    static final String PUBLIC = "/org/nas4j/web/public";

    private final Javalin app;
    private final ChangeHub hub;
    private final AccessToken token;
    private final String host;
    private final boolean tokenForEverything;
    private final List<String> routes;

    private Dashboard(Javalin app, ChangeHub hub, AccessToken token, String host, boolean tokenForEverything,
                      List<String> routes) {
        this.app = app;
        this.hub = hub;
        this.token = token;
        this.host = host;
        this.tokenForEverything = tokenForEverything;
        this.routes = routes;
    }

    /**
     * Starts the dashboard on {@code host:port} ({@code port} 0: any free port) and prints its URL and where the token
     * is kept (never the token). The token is read from {@code tokenFile}, or created there (owner-only) at first start.
     *
     * @throws UserError when the host is unknown, the port cannot be bound or the token file is unsafe
     */
    public static Dashboard start(DashboardQueries queries, ExperimentControls controls, String host, int port,
                                  Path tokenFile) {
        boolean everything = !loopback(host);
        AccessToken token = AccessToken.loadOrCreate(tokenFile, System.err::println);
        ChangeHub hub = new ChangeHub(queries, Duration.ofSeconds(1));
        List<String> routes = new CopyOnWriteArrayList<>();
        var errors = new JsonErrorHandler();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(WebJson.MAPPER, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = PUBLIC;
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            config.events.handlerAdded(info -> routes.add(info.getHttpMethod() + " " + info.getPath()));
        });
        ApiRoutes.register(app, queries, controls, token, hub, new AccessGate(token, everything, host));
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            hub.close();
            throw new UserError("the dashboard cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another port with --port", e);
        }
        Dashboard dashboard = new Dashboard(app, hub, token, host, everything, routes);
        Path file = tokenFile.toAbsolutePath();
        System.out.println("nas4j dashboard: " + dashboard.url() + (everything
                ? "  (every request needs the token kept in " + file + ": open " + dashboard.url() + "?token=<that token>)"
                : "  (pause, resume and stop need the token kept in " + file + ")"));
        return dashboard;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new UserError("the dashboard host '" + host + "' is unknown: give an address such as 127.0.0.1");
        }
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * The address of the experiments page, e.g. {@code http://127.0.0.1:7070/}; bound to every address
     * ({@code 0.0.0.0}, {@code ::}), the machine's first address others can reach.
     */
    public String url() {
        String h = host;
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                h = reachableAddress();
            }
        } catch (UnknownHostException e) {
            // started, so known
        }
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/";
    }

    /** This machine's first non-loopback IPv4 address, or 127.0.0.1 when it has none. */
    public static String reachableAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }

    /** The access token (needed for controls, and for everything when not on loopback). */
    public String token() {
        return token.value();
    }

    /** Whether every request needs the token (bound to a non-loopback address). */
    public boolean tokenForEverything() {
        return tokenForEverything;
    }

    /** Every registered route as {@code "GET /api/experiments"}, for documentation checks. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** How many pages listen to live updates now. */
    public int liveListeners() {
        return hub.listeners();
    }

    public void stop() {
        hub.close();
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
