package io.tandem.proxy.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Replays a session's connection character sets: the client, result and connection character sets and the
 * connection collation. The server keeps a collation behind each character set variable, which result metadata
 * reports and which assigning a variable by its character set name resets to the set's default, so the replay
 * starts as the session did: {@code SET NAMES} with the collation of the session's last SET NAMES, or of its
 * handshake; then the variables the session assigned one by one since.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/charset-connection.html">Connection character sets</a>
 */
final class ConnectionCharsets {

    /** The session's last SET NAMES ({@link SetNames#text}), kept among the variables but never assigned itself. */
    static final String NAMES = "@names";
    static final List<String> VARIABLES = List.of("character_set_client", "character_set_results",
            "character_set_connection", "collation_connection", NAMES);

    private ConnectionCharsets() {
    }

    /**
     * The SET items (without SET) that bring a connection from {@code current} to {@code target}, or none when
     * they agree; {@code literal} quotes a variable's value.
     */
    static List<String> assignments(Map<String, String> current, Map<String, String> target, ServerDefaults defaults,
                                    BiFunction<String, String, String> literal) {
        if (VARIABLES.stream().allMatch(name -> Objects.equals(current.get(name), target.get(name)))) {
            return List.of();
        }
        SetNames names = target.containsKey(NAMES) ? SetNames.parse(target.get(NAMES)) : handshake(defaults);
        List<String> items = new ArrayList<>();
        if (names == null) {
            // the server did not say what its handshake chose: each variable on its own, DEFAULT when unset
            for (String name : VARIABLES.subList(0, 4)) {
                String value = target.get(name);
                if (!Objects.equals(current.get(name), value)) {
                    items.add("`" + name + "` = " + (value == null ? "DEFAULT" : literal.apply(name, value)));
                }
            }
            return items;
        }
        Map<String, String> base = current;
        if (!current.keySet().stream().allMatch(name -> !VARIABLES.contains(name)
                || Objects.equals(current.get(name), target.get(name)))
                || !Objects.equals(current.get(NAMES), target.get(NAMES))) {
            // the connection has settings the session lacks: start again from the session's SET NAMES
            items.add("NAMES " + quote(names.charset()) + (names.collation() == null ? ""
                    : " COLLATE " + quote(names.collation())));
            base = new HashMap<>(Map.of("character_set_client", names.charset(), "character_set_results",
                    names.charset(), "character_set_connection", names.charset()));
            if (names.collation() != null) {
                base.put("collation_connection", names.collation());
            }
        }
        for (String name : VARIABLES.subList(0, 2)) {
            String value = target.get(name);
            if (value != null && !value.equals(base.get(name))) {
                items.add("`" + name + "` = " + literal.apply(name, value));
            }
        }
        String charset = target.get("character_set_connection");
        String collation = target.get("collation_connection");
        // assigning the connection character set resets the collation to the set's default
        boolean charsetAssigned = charset != null && (!charset.equals(base.get("character_set_connection"))
                || (collation == null && base.get("collation_connection") != null));
        if (charsetAssigned) {
            items.add("`character_set_connection` = " + literal.apply("character_set_connection", charset));
        }
        if (collation != null && (charsetAssigned || !collation.equals(base.get("collation_connection")))) {
            items.add("`collation_connection` = " + literal.apply("collation_connection", collation));
        }
        return items;
    }

    /** What the handshake's collation set, as a SET NAMES; null when the server did not tell. */
    private static SetNames handshake(ServerDefaults defaults) {
        String charset = defaults.initial("character_set_client");
        String collation = defaults.initial("collation_connection");
        return charset == null || collation == null ? null : new SetNames(charset, collation);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
