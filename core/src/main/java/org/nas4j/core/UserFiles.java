package org.nas4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading files the user names, with one-line errors that say what the file was for. */
public final class UserFiles {
    private UserFiles() {}

    /**
     * The text of {@code file}.
     *
     * @param what    what the file is, e.g. "space file"
     * @param missing the fix when it does not exist, e.g. "give the path of a space.json"
     */
    public static String read(Path file, String what, String missing) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError(what + " " + file + " does not exist: " + missing);
        } catch (IOException e) {
            throw new UserError("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }
}
