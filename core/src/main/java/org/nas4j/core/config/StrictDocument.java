package org.nas4j.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.nas4j.core.Json;
import org.nas4j.core.UserError;

/**
 * Parses an experiment file strictly, before any field is read: at most {@value #MAX_CHARS} characters and
 * {@value #MAX_DEPTH} levels of nesting, no key twice in one section (both lines named), no YAML alias. Every
 * failure is one {@link UserError} line. Stateless.
 */
final class StrictDocument {
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_DEPTH = 32;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StrictDocument() {}

    /** The tree of {@code text}; {@code source} names it in errors. */
    static JsonNode read(String text, String source, boolean yaml) {
        String format = yaml ? "YAML" : "JSON";
        if (text.length() > MAX_CHARS) {
            throw new UserError(source + " has " + text.length() + " characters, more than an experiment file may ("
                    + MAX_CHARS + "): give the file that describes the experiment");
        }
        ObjectMapper mapper = yaml ? YAML : Json.MAPPER;
        try {
            check(mapper.getFactory(), text, source);
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new UserError(source + " is not valid " + format + ": " + message.lines().findFirst().orElse("")
                    + (at == null ? "" : " (line " + at.getLineNr() + ")") + ": fix the file at that place");
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError(source + " is not valid " + format + ": " + e.getMessage() + ": fix the file");
        }
    }

    /** One pass over the tokens: nesting depth, duplicate keys per section, aliases. */
    private static void check(JsonFactory factory, String text, String source) throws IOException {
        Deque<Map<String, Integer>> sections = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    throw new UserError(source + ": line " + line + " uses the YAML alias *" + p.getText()
                            + ", which experiment files do not support: write the value out in full");
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (sections.size() >= MAX_DEPTH) {
                            throw new UserError(source + ": line " + line + " nests sections and lists more than "
                                    + MAX_DEPTH + " levels deep: an experiment file needs a few levels; fix the brackets");
                        }
                        sections.push(new HashMap<>());
                    }
                    case END_OBJECT, END_ARRAY -> sections.pop();
                    case FIELD_NAME -> {
                        Integer first = sections.peek().put(p.currentName(), line);
                        if (first != null) {
                            throw new UserError(source + ": key '" + p.currentName() + "' appears twice in one section, on line "
                                    + first + " and on line " + line + ": keep one of them");
                        }
                    }
                    default -> { }
                }
            }
        }
    }
}
