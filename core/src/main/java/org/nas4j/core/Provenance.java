package org.nas4j.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and with what a trial ran, as its evaluator knows it: the worker (a process id, a Spark executor, this
 * JVM), the host, the device ({@code cpu}, {@code cuda:N} or {@code none} for a table lookup), the CPU threads it
 * had, and the nas4j and DL4J versions that trained it.
 */
public record Provenance(String worker, String host, String device, int threads, String nas4jVersion, String dl4jVersion) {
    /** On this host, with these versions. */
    public static Provenance here(String worker, String device, int threads, String nas4jVersion, String dl4jVersion) {
        return new Provenance(worker, Host.NAME, device, threads, nas4jVersion, dl4jVersion);
    }

    /** The same, run by another worker (the Spark executor that hosted a worker process, say). */
    public Provenance by(String worker) {
        return new Provenance(worker, host, device, threads, nas4jVersion, dl4jVersion);
    }

    /** This machine's host name, or {@code unknown} when it cannot be resolved; looked up once. */
    public static String localHost() {
        return Host.NAME;
    }

    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        }
    }
}
