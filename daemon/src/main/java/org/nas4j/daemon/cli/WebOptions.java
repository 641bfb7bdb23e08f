package org.nas4j.daemon.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.ServerSocket;
import org.nas4j.core.UserError;
import org.nas4j.daemon.web.StoreDashboard;
import org.nas4j.store.Database;
import org.nas4j.store.NasStore;
import org.nas4j.web.Dashboard;
import org.nas4j.web.ExperimentControls;
import picocli.CommandLine.Option;

/** The dashboard options of {@code nas serve}: where it listens. The token lives in the nas4j home, owner-only. */
class WebOptions {
    @Option(names = "--port", defaultValue = "7070", description = "Dashboard port (default ${DEFAULT-VALUE}; 0: any free port).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Dashboard address (default ${DEFAULT-VALUE}; any other address needs the token for every request).")
    String host;

    /**
     * Refuses a bad or taken port before anything is stored (the port may still be taken between this check
     * and {@link #start}, which then says the same).
     */
    void check() {
        checkAddress();
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw taken(e);
        }
    }

    /** Starts the dashboard over {@code store}; it prints its URL and token. */
    Dashboard start(NasStore store, ExperimentControls controls) {
        checkAddress();
        try {
            return Dashboard.start(new StoreDashboard(store.queries()), controls, host, port,
                    Database.home().resolve("dashboard.token"));
        } catch (UserError e) {
            if (e.getCause() == null) {
                throw e;
            }
            throw taken(e.getCause());
        }
    }

    /** A port in range, and a host that names this machine (so a failed bind means the port is taken). */
    private void checkAddress() {
        OptionRange.check("--port", port, 0, 65_535);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserError("--host " + host + " is not a known name or address: give an address of this machine, "
                    + "127.0.0.1, or 0.0.0.0 for all of them");
        }
        try {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return;
            }
        } catch (SocketException e) {
            // answered below
        }
        throw new UserError("--host " + host + " is not an address of this machine, so the dashboard cannot listen on it: "
                + "give one of its addresses, 127.0.0.1, or 0.0.0.0 for all of them");
    }

    private UserError taken(Throwable cause) {
        return new UserError("the dashboard cannot listen on " + host + ":" + port + " (" + cause.getMessage()
                + "): choose another port with --port P (0: any free port)" + otherwise(), cause);
    }

    /** What else the user may do when the port is taken. */
    String otherwise() {
        return "";
    }

    /** With {@code --no-web}, for the commands that run a search. */
    static final class ForSearch extends WebOptions {
        @Option(names = "--no-web", description = "Do not start the dashboard.") boolean noWeb;

        @Override
        String otherwise() {
            return ", or search without the dashboard with --no-web";
        }
    }
}
