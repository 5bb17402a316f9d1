package io.tandem.proxy.session;

import io.tandem.proxy.routing.SqlLexer;
import io.tandem.proxy.routing.TokenKind;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code SET NAMES charset [COLLATE collation]}, read from a statement the server accepted. It sets the client,
 * result and connection character sets to one collation's (the handshake does the same with the client's
 * collation), which result metadata then reports; session tracking reports the three character sets by name
 * only, so the proxy takes the collation from the statement itself in order to replay it exactly.
 *
 * @param collation the collation named, or null for the character set's default
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/set-names.html">SET NAMES</a>
 */
public record SetNames(String charset, String collation) {

    /** The last SET NAMES of {@code sql}, names in lower case; empty if it has none. */
    public static Optional<SetNames> last(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        SetNames last = null;
        int position = 0;
        boolean set = false;
        for (TokenKind kind = lexer.next(); kind != TokenKind.END && kind != TokenKind.ERROR; kind = lexer.next()) {
            if (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
                continue;
            }
            if (kind == TokenKind.SEMICOLON) {
                position = 0;
                continue;
            }
            if (position == 0) {
                set = kind == TokenKind.WORD && word(lexer, "SET");
            } else if (set && kind == TokenKind.WORD && word(lexer, "NAMES")) {
                last = names(lexer).orElse(last);
            }
            position++;
        }
        return Optional.ofNullable(last);
    }

    /** After NAMES: the character set, then an optional COLLATE and collation. */
    private static Optional<SetNames> names(SqlLexer lexer) {
        TokenKind kind = significant(lexer);
        if (!name(kind)) {
            return Optional.empty();
        }
        String charset = unquote(lexer.text().toString());
        kind = significant(lexer);
        if (kind == TokenKind.WORD && word(lexer, "COLLATE") && name(significant(lexer))) {
            return Optional.of(new SetNames(charset, unquote(lexer.text().toString())));
        }
        return Optional.of(new SetNames(charset, null));
    }

    private static TokenKind significant(SqlLexer lexer) {
        TokenKind kind = lexer.next();
        while (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
            kind = lexer.next();
        }
        return kind;
    }

    private static boolean name(TokenKind kind) {
        return kind == TokenKind.WORD || kind == TokenKind.STRING || kind == TokenKind.QUOTED_IDENTIFIER;
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

    /** As kept in a session state: {@code charset} or {@code charset COLLATE collation}. */
    public String text() {
        return collation == null ? charset : charset + " COLLATE " + collation;
    }

    /** From {@link #text}. */
    public static SetNames parse(String text) {
        int collate = text.indexOf(" COLLATE ");
        return collate < 0 ? new SetNames(text, null)
                : new SetNames(text.substring(0, collate), text.substring(collate + " COLLATE ".length()));
    }
}
