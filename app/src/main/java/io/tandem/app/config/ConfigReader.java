package io.tandem.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.topology.instance.InstanceKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One place in the parsed {@code tandem.yaml} tree together with the key path that leads to it
 * ({@code credentials.orchestrator.user}, {@code seeds[1]}), so every complaint about a value can say exactly
 * where the value is. Reading an absent key is not an error by itself: the caller decides whether it is required.
 */
final class ConfigReader {

    private static final int MYSQL_PORT = 3306;

    private final String source;
    private final String path;
    private final JsonNode node;

    private ConfigReader(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** The whole document; {@code source} is the file as the operator named it and starts every message. */
    static ConfigReader root(String source, JsonNode node) {
        return new ConfigReader(source, "", node);
    }

    ConfigReader get(String key) {
        JsonNode child = isPresent() && node.isObject() ? node.get(key) : null;
        return new ConfigReader(source, path.isEmpty() ? key : path + "." + key, child);
    }

    /** A key written with no value ({@code replication:}) counts as absent, as YAML users expect. */
    boolean isPresent() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** Requires a mapping, when present, whose keys are all in {@code allowed}; a typo is an error, not a default. */
    ConfigReader mapping(List<String> allowed) {
        if (!isPresent()) {
            return this;
        }
        if (!node.isObject()) {
            throw wrongType("a mapping of keys (" + String.join(", ", allowed) + ")");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw new ConfigException(source + ": unknown key '" + get(entry.getKey()).path
                        + "' (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    /** Text that must be there and not blank; {@code hint} tells the operator what belongs here. */
    String requiredText(String hint) {
        if (!isPresent()) {
            throw error("is required (" + hint + ")");
        }
        String text = text();
        if (text.isBlank()) {
            throw error("is empty (" + hint + ")");
        }
        return text;
    }

    /** A server as {@code HOST:PORT}, or {@code HOST} for MySQL's default port 3306; required. */
    InstanceKey instanceKey() {
        if (!isPresent()) {
            throw error("is empty; expected HOST:PORT");
        }
        String text = requiredText("HOST:PORT");
        try {
            return InstanceKey.parse(text, MYSQL_PORT);
        } catch (IllegalArgumentException e) {
            throw error("'" + text + "' is not HOST:PORT: " + e.getMessage());
        }
    }

    /** A whole number within {@code [min, max]}, or {@code defaultValue} when the key is absent. */
    long wholeNumber(long defaultValue, long min, long max) {
        if (!isPresent()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber()) {
            throw wrongType("a whole number");
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error("must be between " + min + " and " + max + ", got " + node.asText());
        }
        return node.longValue();
    }

    /** Whether the value is a YAML boolean (YAML reads off/on/no/yes as booleans). */
    boolean isBoolean() {
        return isPresent() && node.isBoolean();
    }

    /** true or false, or {@code defaultValue} when the key is absent. */
    boolean bool(boolean defaultValue) {
        if (!isPresent()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw wrongType("true or false");
        }
        return node.booleanValue();
    }

    /** The items of a list, each named {@code path[i]}; empty when the key is absent. */
    List<ConfigReader> elements(String expected) {
        if (!isPresent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(expected);
        }
        List<ConfigReader> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigReader(source, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** The key path, e.g. {@code failover.promotion.prefer[0]}, for messages that name a second place. */
    String path() {
        return path;
    }

    /** An error about this place: {@code <file>: <key path> <problem>}. */
    ConfigException error(String problem) {
        return new ConfigException(source + ": " + (path.isEmpty() ? "the file" : path) + " " + problem);
    }

    private String text() {
        if (!node.isTextual()) {
            // YAML turns 123, yes and off into numbers and booleans; quoting is the usual fix
            throw error("must be text, got " + kind(node) + (node.isValueNode() ? " (put the value in quotes)" : ""));
        }
        return node.textValue();
    }

    // The value itself is left out: it may be a password written with the wrong type.
    private ConfigException wrongType(String expected) {
        return error("must be " + expected + ", got " + kind(node));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case NULL, MISSING -> "nothing";
            case BINARY, POJO -> "binary data";
        };
    }
}
