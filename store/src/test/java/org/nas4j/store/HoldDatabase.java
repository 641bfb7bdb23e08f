package org.nas4j.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A second nas process for {@link SecondProcessTest}: opens the store at args[0], creates the experiment
 * "held" with one trial, prints "ready", and holds the database open until its standard input closes.
 */
public final class HoldDatabase {
    public static void main(String[] args) throws Exception {
        try (var store = NasStore.open(args[0])) {
            var e = store.createExperiment("held", "name: held", "{}", null, "random", 3, 1);
            store.addTrial(e.id(), Fixtures.arch(1), 1);
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            store.addTrial(e.id(), Fixtures.arch(2), 2);
        }
        System.out.println("closed");
    }
}
