package io.tandem.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages that show a server's own explanation. */
final class LogTail {

    private LogTail() {
    }

    /**
     * The lines that say ERROR, when there are any (an installer's error is often followed by a page of advice),
     * else the last lines.
     */
    static String errorsOrTail(Path file, int lines) {
        String all = of(file, Integer.MAX_VALUE);
        List<String> errors = all.lines().filter(l -> l.contains("ERROR") || l.contains("error:")).toList();
        return errors.isEmpty() ? of(file, lines) : String.join("\n", errors.subList(0, Math.min(lines, errors.size())));
    }

    static String of(Path file, int lines) {
        try {
            // decoded leniently: a crashing server can leave partial multi-byte sequences
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - Math.min(lines, all.size())), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
