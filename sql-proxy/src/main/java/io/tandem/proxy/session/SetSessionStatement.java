package io.tandem.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one {@code SET} that takes a pooled backend connection from the variables it was left with to those a session
 * wants. Three things make it depend on the connection it runs on, and all are neutralised here:
 * <ul>
 *     <li>A quoted literal takes the connection's {@code character_set_connection} at parse time; left at ucs2 by
 *     another session, MariaDB then rejects '+01:00' as a time zone and 'MyISAM' as an engine. Every string value
 *     is therefore written as {@code _utf8mb4 X'…'}: its character set is fixed by the introducer and its bytes
 *     are hex digits, which no {@code character_set_client} nor {@code NO_BACKSLASH_ESCAPES} can reinterpret.</li>
 *     <li>The connection character sets are replayed as the session made them ({@link ConnectionCharsets}): SET
 *     NAMES with the collation of the session's last SET NAMES or of its handshake (not {@code = DEFAULT}, the
 *     global), then what it assigned one by one.</li>
 *     <li>Other character sets come before their collations, which assigning them resets.</li>
 * </ul>
 * The session-tracking settings are the proxy's own and never replayed.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-literal.html">Character set introducers</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-connection.html">Connection character sets</a>
 */
public final class SetSessionStatement {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final List<String> CHARSET_PAIRS = List.of("database", "server");

    private SetSessionStatement() {
    }

    /** {@code SET SESSION a = 1, b = _utf8mb4 X'…', c = DEFAULT} (or {@code SET NAMES …, …}), or null. */
    public static String of(Map<String, String> current, Map<String, String> target, ServerDefaults defaults) {
        Map<String, String> assignments = new TreeMap<>(SetSessionStatement::assignmentOrder);
        target.forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                assignments.put(name, literal(name, value));
            }
        });
        current.keySet().stream().filter(name -> !target.containsKey(name))
                .forEach(name -> assignments.put(name, "DEFAULT"));
        for (String pair : CHARSET_PAIRS) {
            pairAssignments(pair, current, target, assignments);
        }
        ClientTracking.PROXY_OWNED.forEach(assignments::remove);
        ConnectionCharsets.VARIABLES.forEach(assignments::remove);
        List<String> items = new ArrayList<>(ConnectionCharsets.assignments(current, target, defaults,
                SetSessionStatement::literal));
        assignments.forEach((name, value) -> items.add("`" + name + "` = " + value));
        if (items.isEmpty()) {
            return null;
        }
        // SET NAMES takes no scope; every other item is a session variable either way
        return (items.get(0).startsWith("NAMES ") ? "SET " : "SET SESSION ") + String.join(", ", items);
    }

    /**
     * A character set and its collation, other than the connection's: assigning the character set resets the
     * collation to the set's default, and assigning the collation sets the character set.
     */
    private static void pairAssignments(String suffix, Map<String, String> current, Map<String, String> target,
                                        Map<String, String> assignments) {
        String charset = "character_set_" + suffix;
        String collation = "collation_" + suffix;
        boolean touched = assignments.containsKey(charset) || assignments.containsKey(collation);
        if (target.containsKey(collation)) {
            if (touched) {
                assignments.put(collation, literal(collation, target.get(collation)));
            }
        } else if (target.containsKey(charset) && (touched || current.containsKey(collation))) {
            assignments.put(charset, literal(charset, target.get(charset)));
            assignments.remove(collation);
        }
    }

    /** Character sets first, then collations, then the rest; by name within each. */
    private static int assignmentOrder(String a, String b) {
        int rank = Integer.compare(rank(a), rank(b));
        return rank != 0 ? rank : a.compareTo(b);
    }

    private static int rank(String name) {
        return name.startsWith("character_set_") ? 0 : name.startsWith("collation_") ? 1 : 2;
    }

    static String literal(String name, String value) {
        if (NUMBER.matcher(value).matches()) {
            return value;
        }
        if (value.isEmpty() && name.equals("character_set_results")) {
            return "NULL";
        }
        return "_utf8mb4 X'" + HexFormat.of().withUpperCase().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "'";
    }
}
