package org.nas4j.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code nas} command in its own JVM (the test class path), as a user runs it; output appended to {@code dir/nas.log}. */
public final class NasProcess {
    private static final Pattern URL = Pattern.compile("nas4j dashboard: (http://\\S+)");

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

    /** The dashboard address {@code process} printed to {@code dir}'s log; fails after a minute or when it died. */
    public static String dashboardUrl(Path dir, Process process) throws java.io.IOException, InterruptedException {
        for (long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); System.nanoTime() < end && process.isAlive(); ) {
            Matcher m = URL.matcher(Files.exists(log(dir)) ? Files.readString(log(dir)) : "");
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no dashboard address printed (alive: " + process.isAlive() + ")\n"
                + (Files.exists(log(dir)) ? Files.readString(log(dir)) : ""));
    }
}
