package org.nas4j.daemon.search;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.nas4j.core.UserError;
import org.nas4j.core.config.ConfigNode;

/** The experiment file's {@code executor}: {@code local} (this machine's workers, the default) or a provided one. */
final class TrialExecutors {
    static final Set<String> NAMES = Set.of("local", "spark");

    private TrialExecutors() {}

    /** The executor the file names, or null for local; a section of another executor's name is an error. */
    static TrialExecutor from(ConfigNode experiment) {
        String name = experiment.getNames("executor", List.of("local"), NAMES).get(0);
        for (String other : NAMES) {
            if (!other.equals(name) && experiment.has(other)) {
                throw experiment.error(other, "is set but executor is " + name + ": add executor: " + other
                        + " or remove the " + other + " section");
            }
        }
        if ("local".equals(name)) {
            return null;
        }
        for (TrialExecutor e : ServiceLoader.load(TrialExecutor.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new UserError(experiment.source() + ": executor: " + name + " needs the nas4j-" + name + " module, "
                + "which this nas does not include: run bin/nas-" + name + " (or java -jar " + name + "/target/nas4j-"
                + name + ".jar) instead of bin/nas");
    }
}
