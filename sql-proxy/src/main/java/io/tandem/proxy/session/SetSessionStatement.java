package io.tandem.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one {@code SET SESSION} that takes a pooled backend connection from the variables it was left with to those a
 * session wants. Two things make it depend on the connection it runs on, and both are neutralised here:
 * <ul>
 *     <li>A quoted literal takes the connection's {@code character_set_connection} at parse time; left at ucs2 by
 *     another session, MariaDB then rejects '+01:00' as a time zone and 'MyISAM' as an engine. Every string value
 *     is therefore written as {@code _utf8mb4 X'…'}: its character set is fixed by the introducer and its bytes
 *     are hex digits, which no {@code character_set_client} nor {@code NO_BACKSLASH_ESCAPES} can reinterpret.</li>
 *     <li>{@code = DEFAULT} takes the global value, but a connection's character set variables start at the
 *     collation of its handshake, not at the global. Those go back to the handshake's collation number, and all
 *     resets come before the session's own values, so a reset of {@code collation_connection} never undoes the
 *     session's {@code character_set_connection} (MariaDB tracks only the latter after {@code SET NAMES}).</li>
 * </ul>
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-literal.html">Character set introducers</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-connection.html">Connection character sets</a>
 */
final class SetSessionStatement {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final String CONNECTION_COLLATION = "collation_connection";
    /** Set from the handshake's collation number: the client and results character sets, and the connection's. */
    private static final Set<String> FROM_HANDSHAKE = Set.of("character_set_client", "character_set_results",
            "character_set_connection", CONNECTION_COLLATION);

    private SetSessionStatement() {
    }

    /**
     * {@code SET SESSION a = DEFAULT, b = 1, c = _utf8mb4 X'…'}, or null when nothing differs.
     *
     * @param handshakeCollation the collation number the connection was opened with
     */
    static String of(Map<String, String> current, Map<String, String> target, int handshakeCollation) {
        List<String> assignments = new ArrayList<>();
        boolean connectionCharsetWanted = target.containsKey("character_set_connection")
                || target.containsKey(CONNECTION_COLLATION);
        boolean connectionCharsetReset = false;
        // sorted, so that one difference always reads the same in a server's general log
        for (String name : new TreeSet<>(current.keySet())) {
            if (target.containsKey(name)) {
                continue;
            }
            if (!FROM_HANDSHAKE.contains(name)) {
                assignments.add(assignment(name, "DEFAULT"));
            } else if (!name.equals("character_set_connection") && !name.equals(CONNECTION_COLLATION)) {
                assignments.add(assignment(name, Integer.toString(handshakeCollation)));
            } else if (!connectionCharsetWanted && !connectionCharsetReset) {
                // one assignment restores both: the character set follows from the collation
                connectionCharsetReset = true;
                assignments.add(assignment(CONNECTION_COLLATION, Integer.toString(handshakeCollation)));
            }
        }
        new TreeMap<>(target).forEach((name, value) -> {
            if (!Objects.equals(current.get(name), value)) {
                assignments.add(assignment(name, literal(name, value)));
            }
        });
        return assignments.isEmpty() ? null : "SET SESSION " + String.join(", ", assignments);
    }

    private static String assignment(String name, String value) {
        return "`" + name + "` = " + value;
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
