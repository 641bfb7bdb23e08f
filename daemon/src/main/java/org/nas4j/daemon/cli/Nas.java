package org.nas4j.daemon.cli;

import java.io.PrintWriter;
import org.nas4j.core.UserError;
import org.nas4j.backend.Dl4jRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code nas} command. Exit codes: 0 success, 1 internal error, 2 bad input (one-line message). */
@Command(name = "nas", mixinStandardHelpOptions = true, versionProvider = Nas.Version.class,
        description = "nas4j: neural architecture search for the JVM.",
        subcommands = {SearchCommand.Start.class, SearchCommand.Resume.class, ListCommand.class, StatusCommand.class,
                SpaceCommand.class, BenchCommand.class, BenchmarkCommand.class, TrainCommand.class, ExportCommand.class, ServeCommand.class,
                BackupCommand.Take.class, BackupCommand.Restore.class})
public final class Nas {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns its exit code; used by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Dl4jRuntime.configure();
        var nas = new Nas();
        var cli = new CommandLine(nas).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    boolean userError = e instanceof UserError;
                    err.println("nas: " + (userError ? "" : "internal error: ") + oneLine(e));
                    if (nas.verbose) {
                        e.printStackTrace(err);
                    } else if (!userError) {
                        err.println("nas: run again with --verbose for the stack trace");
                    }
                    err.flush();
                    return userError ? 2 : 1;
                });
        return cli.execute(args);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Nas.class.getPackage().getImplementationVersion();
            return new String[] {"nas4j " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
