package io.tandem.proxy.session;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code KILL [CONNECTION | QUERY] id}, recognised so that the id, which names a proxy connection, can be mapped
 * to the backend thread serving it.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/kill.html">KILL statement</a>
 */
public record KillStatement(long connectionId, boolean queryOnly) {

    public static Optional<KillStatement> parse(String sql) {
        String[] words = StatementHints.significant(sql).trim().replaceAll(";\\s*$", "").trim()
                .split("\\s+");
        if (words.length < 2 || !words[0].equalsIgnoreCase("KILL")) {
            return Optional.empty();
        }
        String modifier = words.length == 3 ? words[1].toUpperCase(Locale.ROOT) : "CONNECTION";
        if (words.length > 3 || !(modifier.equals("QUERY") || modifier.equals("CONNECTION"))) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(words[words.length - 1]);
            return id < 0 ? Optional.empty() : Optional.of(new KillStatement(id, modifier.equals("QUERY")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
