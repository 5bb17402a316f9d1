package io.tandem.proxy.routing;

import java.util.Locale;

/**
 * The two parts of a session's {@code sql_mode} that change how a statement splits into tokens: {@code ANSI_QUOTES}
 * (a double-quoted text is an identifier, not a string) and {@code NO_BACKSLASH_ESCAPES} (a backslash in a string is
 * an ordinary character).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html">Server SQL modes</a>
 */
public record SqlMode(boolean ansiQuotes, boolean noBackslashEscapes) {

    /** The server's default: double quotes delimit strings, backslashes escape. */
    public static final SqlMode DEFAULT = new SqlMode(false, false);

    /** From the value of {@code @@sql_mode} (e.g. {@code "ANSI_QUOTES,NO_ZERO_DATE"}); ANSI includes ANSI_QUOTES. */
    public static SqlMode of(String sqlMode) {
        boolean ansiQuotes = false;
        boolean noBackslashEscapes = false;
        for (String mode : sqlMode.split(",")) {
            switch (mode.trim().toUpperCase(Locale.ROOT)) {
                case "ANSI_QUOTES", "ANSI" -> ansiQuotes = true;
                case "NO_BACKSLASH_ESCAPES" -> noBackslashEscapes = true;
                default -> {
                    // every other mode leaves tokenisation alone
                }
            }
        }
        return new SqlMode(ansiQuotes, noBackslashEscapes);
    }
}
