package io.tandem.proxy.session;

import java.util.Locale;
import java.util.Optional;

/**
 * Names the non-replayable state a statement creates, to explain a pin: scans the SQL once, skipping string
 * literals, quoted identifiers and comments, for user variables ({@code @name}, not {@code @@name}) and the
 * keywords TEMPORARY, GET_LOCK, LOCK TABLE(S) and PREPARE. The pin decision itself comes from the server's state
 * tracking; this only tells why.
 */
public final class StatementHints {

    private StatementHints() {
    }

    public static Optional<PinReason> pinReason(String sql) {
        String words = significant(sql).toUpperCase(Locale.ROOT);
        if (words.matches("(?s).*\\bTEMPORARY\\b.*")) {
            return Optional.of(PinReason.TEMPORARY_TABLE);
        }
        if (words.matches("(?s).*\\bGET_LOCK\\s*\\(.*")) {
            return Optional.of(PinReason.USER_LOCK);
        }
        if (words.matches("(?s)\\s*LOCK\\s+TABLES?\\b.*")) {
            return Optional.of(PinReason.LOCK_TABLES);
        }
        if (words.matches("(?s)\\s*PREPARE\\b.*")) {
            return Optional.of(PinReason.SQL_PREPARE);
        }
        if (words.matches("(?s).*(^|[^@])@[A-Z_`'\"].*")) {
            return Optional.of(PinReason.USER_VARIABLE);
        }
        return Optional.empty();
    }

    /** The statement with literals, quoted names and comments blanked out; user variables keep their '@'. */
    static String significant(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                boolean variableName = i > 0 && sql.charAt(i - 1) == '@';
                int end = closing(sql, i, c);
                out.append(variableName ? "X" : " ");
                i = end;
            } else if (c == '#' || (c == '-' && i + 2 < n && sql.charAt(i + 1) == '-'
                    && Character.isWhitespace(sql.charAt(i + 2)))) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*' && !(i + 2 < n && sql.charAt(i + 2) == '!')) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
