package io.tandem.proxy.session;

import io.tandem.proxy.routing.SqlLexer;
import io.tandem.proxy.routing.TokenKind;

import java.util.Locale;
import java.util.Optional;

/**
 * The connection collation a {@code SET NAMES charset COLLATE collation} chose. Session tracking reports the three
 * character set variables such a statement changes but not {@code collation_connection}, so the proxy reads the
 * collation from the statement itself; a {@code SET NAMES} without COLLATE leaves the character set's default.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/set-names.html">SET NAMES</a>
 */
public final class ConnectionCollation {

    private ConnectionCollation() {
    }

    /** The collation the last SET NAMES of {@code sql} named, lower case; empty if it named none. */
    public static Optional<String> named(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        String collation = null;
        boolean afterNames = false;
        boolean afterCollate = false;
        for (TokenKind kind = lexer.next(); kind != TokenKind.END && kind != TokenKind.ERROR; kind = lexer.next()) {
            if (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
                continue;
            }
            if (afterCollate && (kind == TokenKind.WORD || kind == TokenKind.STRING || kind == TokenKind.QUOTED_IDENTIFIER)) {
                collation = unquote(lexer.text().toString());
                afterCollate = false;
                continue;
            }
            afterCollate = false;
            if (kind == TokenKind.WORD && word(lexer, "NAMES")) {
                afterNames = true;
                collation = null;
            } else if (kind == TokenKind.WORD && afterNames && word(lexer, "COLLATE")) {
                afterCollate = true;
            } else if (kind == TokenKind.SEMICOLON || (kind == TokenKind.OPERATOR && lexer.isOperator(','))) {
                afterNames = false;
            }
        }
        return Optional.ofNullable(collation);
    }

    private static boolean word(SqlLexer lexer, String word) {
        return lexer.text().toString().equalsIgnoreCase(word);
    }

    private static String unquote(String text) {
        char first = text.charAt(0);
        String bare = (first == '\'' || first == '"' || first == '`') && text.length() > 1
                ? text.substring(1, text.length() - 1) : text;
        return bare.toLowerCase(Locale.ROOT);
    }
}
