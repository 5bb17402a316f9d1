package io.tandem.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code tandem.yaml} read from disk and parsed into a tree, not yet checked. Knows its folder, because
 * relative paths inside the file are relative to it, not to wherever the process was started.
 */
record ConfigFile(Path path, JsonNode tree) {

    // A key written twice is almost always a merge mistake; last-one-wins would hide it.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static ConfigFile read(Path path) {
        byte[] bytes = bytes(path);
        try {
            return new ConfigFile(path, YAML.readTree(bytes));
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + ": invalid YAML" + syntaxProblem(e), e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot be read: " + reason(e), e);
        }
    }

    /** The parsed document, to be walked key by key; an empty document reads as absent. */
    ConfigReader root() {
        return ConfigReader.root(path.toString(), tree);
    }

    boolean isEmpty() {
        return tree == null || tree.isMissingNode() || tree.isNull();
    }

    Path directory() {
        return path.toAbsolutePath().getParent();
    }

    /** A short, operator-facing reason for an I/O failure, shared with password files. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such file (create it, or pass --config PATH)", e);
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot be read: " + reason(e), e);
        }
    }

    // SnakeYAML's problem mark points at the offending character; Jackson's own location is where its parser
    // stopped, which for a tab in the indentation is the line before.
    private static String syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " " + marked.getContext();
            return at(mark.getLine() + 1, mark.getColumn() + 1, oneLine(marked.getProblem() + context));
        }
        JsonLocation location = e.getLocation();
        String problem = oneLine(e.getOriginalMessage());
        return location == null ? ": " + problem : at(location.getLineNr(), location.getColumnNr(), problem);
    }

    private static String at(int line, int column, String problem) {
        return " at line " + line + ", column " + column + ": " + problem;
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable document" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
