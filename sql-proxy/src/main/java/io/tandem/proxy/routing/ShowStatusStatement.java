package io.tandem.proxy.routing;

import java.util.Locale;

/**
 * {@code SHOW [SESSION | LOCAL] STATUS …}: the statement whose rows include values describing the client's own
 * connection ({@code Ssl_cipher}, {@code Compression} …), which a proxy must answer for the client's connection
 * to it, not for its pooled connection to a backend. {@code SHOW GLOBAL STATUS} is the server's and is left alone.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-status.html">SHOW STATUS</a>
 */
public final class ShowStatusStatement {

    private ShowStatusStatement() {
    }

    public static boolean isSessionStatus(CharSequence sql) {
        SqlLexer lexer = new SqlLexer(sql);
        if (next(lexer) != TokenKind.WORD || lexer.keyword() != Keyword.SHOW) {
            return false;
        }
        TokenKind kind = next(lexer);
        if (kind == TokenKind.WORD && (lexer.keyword() == Keyword.SESSION || lexer.keyword() == Keyword.LOCAL)) {
            kind = next(lexer);
        }
        return kind == TokenKind.WORD && lexer.text().toString().toUpperCase(Locale.ROOT).equals("STATUS");
    }

    private static TokenKind next(SqlLexer lexer) {
        TokenKind kind = lexer.next();
        while (kind == TokenKind.COMMENT) {
            kind = lexer.next();
        }
        return kind;
    }
}
