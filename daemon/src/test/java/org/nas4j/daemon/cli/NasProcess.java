package org.nas4j.daemon.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code nas} command in its own JVM (the test class path), as a user runs it; output appended to {@code dir/nas.log}. */
public final class NasProcess {
    private NasProcess() {}

    /** Starts {@code nas args...} with {@code NAS4J_HOME=dir/home}. */
    public static Process start(Path dir, String... args) throws java.io.IOException {
        return start(dir, List.of(), args);
    }

    /** The same, with options for the JVM (such as the module flags Spark needs). */
    public static Process start(Path dir, List<String> jvmOptions, String... args) throws java.io.IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Nas.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dir).toFile()));
        builder.environment().put("NAS4J_HOME", dir.resolve("home").toString());
        return builder.start();
    }

    public static Path log(Path dir) {
        return dir.resolve("nas.log");
    }
}
