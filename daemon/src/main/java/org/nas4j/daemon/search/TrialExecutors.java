package org.nas4j.daemon.search;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;

/**
 * The experiment file's {@code executor}: {@code local} (this machine's workers, the default) or one that a module
 * provides through {@link ServiceLoader}. The modules nas4j ships ({@link #SHIPPED}) are named here only so that a
 * file naming one on a {@code nas} without it, or setting its section without choosing it, gets a clear error; any
 * provider on the class path is found by its {@link TrialExecutor#name()}.
 */
final class TrialExecutors {
    static final Set<String> SHIPPED = Set.of("spark");

    private TrialExecutors() {}

    /** The sections an executor may have in the file: one per executor name. */
    static Set<String> sections() {
        var names = new TreeSet<>(SHIPPED);
        provided().forEach(e -> names.add(e.name()));
        return names;
    }

    /** The executor the file names, or null for local; a section of another executor's name is an error. */
    static TrialExecutor from(ConfigNode experiment) {
        Set<String> sections = sections();
        Set<String> names = new TreeSet<>(sections);
        names.add("local");
        String name = experiment.getNames("executor", List.of("local"), names).get(0);
        for (String other : sections) {
            if (!other.equals(name) && experiment.has(other)) {
                throw experiment.error(other, "is set but executor is " + name + ": add executor: " + other
                        + " or remove the " + other + " section");
            }
        }
        if ("local".equals(name)) {
            return null;
        }
        for (TrialExecutor e : provided()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new UserError(experiment.source() + ": executor: " + name + " needs the nas4j-" + name + " module, "
                + "which this nas does not include: run bin/nas-" + name + " (or java -jar " + name + "/target/nas4j-"
                + name + ".jar) instead of bin/nas");
    }

    private static ServiceLoader<TrialExecutor> provided() {
        return ServiceLoader.load(TrialExecutor.class);
    }
}
