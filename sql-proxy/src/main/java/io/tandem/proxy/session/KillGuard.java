package io.tandem.proxy.session;

import io.netty.buffer.ByteBuf;
import io.tandem.proxy.routing.Keyword;
import io.tandem.proxy.routing.SqlLexer;
import io.tandem.proxy.routing.TokenKind;

import java.util.Optional;

/**
 * Finds the KILL statements the proxy cannot translate. A KILL names a connection id, and the ids clients see are
 * the proxy's own: relayed unchanged, {@code KILL 12} would kill whatever backend session has thread id 12. Only a
 * lone {@link KillStatement} is mapped to the backend thread; any other KILL (in a multi-statement, in a text to
 * PREPARE or EXECUTE IMMEDIATE, with an expression for its id, MariaDB's {@code KILL QUERY ID} or {@code KILL USER},
 * {@code KILL HARD|SOFT}) must be refused, never passed through. Found with the SQL lexer, so a KILL in a string,
 * identifier or comment is not one. Stored program bodies are not looked into.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/kill.html">KILL statement</a>
 * @see <a href="https://mariadb.com/kb/en/kill/">KILL (MariaDB)</a>
 */
public final class KillGuard {

    private KillGuard() {
    }

    /**
     * A cheap test of a COM_QUERY's text (without its command byte): whether the letters {@code kill} appear at all,
     * in any case. Only then is the text lexed.
     */
    public static boolean mentionsKill(ByteBuf text, int from, int length) {
        for (int i = from, end = from + length - 3; i < end; i++) {
            if ((text.getByte(i) | 0x20) == 'k' && (text.getByte(i + 1) | 0x20) == 'i'
                    && (text.getByte(i + 2) | 0x20) == 'l' && (text.getByte(i + 3) | 0x20) == 'l') {
                return true;
            }
        }
        return false;
    }

    /**
     * Why COM_STMT_PREPARE of {@code sql} must be refused: any KILL at all, since the proxy does not translate an
     * executed statement's id.
     */
    public static Optional<String> refusalToPrepare(String sql) {
        if (KillStatement.parse(sql).isPresent()) {
            return Optional.of("KILL in a prepared statement");
        }
        return refusal(sql).map(why -> why.equals("KILL in a statement to prepare") ? why : why + ", prepared");
    }

    /** Why {@code sql} must be refused, if it holds a KILL other than a lone {@link KillStatement}. */
    public static Optional<String> refusal(String sql) {
        if (KillStatement.parse(sql).isPresent()) {
            return Optional.empty();
        }
        SqlLexer lexer = new SqlLexer(sql);
        int statements = 0;
        String found = null;
        boolean first = true;
        Keyword leading = null;
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            if (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
                continue;
            }
            if (kind == TokenKind.SEMICOLON) {
                first = true;
                continue;
            }
            if (first) {
                first = false;
                statements++;
                leading = kind == TokenKind.WORD ? lexer.keyword() : null;
                if (leading == Keyword.KILL && found == null) {
                    found = killForm(lexer);
                    leading = null;
                    continue;
                }
            }
            if (kind == TokenKind.STRING && (leading == Keyword.PREPARE || leading == Keyword.EXECUTE)
                    && startsWithKill(lexer.text()) && found == null) {
                found = "KILL in a statement to prepare";
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        return Optional.of(statements > 1 ? "KILL in a multi-statement" : found);
    }

    /** What makes the KILL at the lexer's position untranslatable; consumes its words up to the statement's end. */
    private static String killForm(SqlLexer lexer) {
        TokenKind kind = lexer.next();
        while (kind == TokenKind.COMMENT) {
            kind = lexer.next();
        }
        if (kind == TokenKind.WORD) {
            if (lexer.valueEqualsIgnoreCase("HARD") || lexer.valueEqualsIgnoreCase("SOFT")) {
                return "KILL HARD or SOFT";
            }
            if (lexer.keyword() == Keyword.USER) {
                return "KILL USER";
            }
            if (lexer.valueEqualsIgnoreCase("QUERY")) {
                kind = lexer.next();
                if (kind == TokenKind.WORD && lexer.valueEqualsIgnoreCase("ID")) {
                    return "KILL QUERY ID (a MariaDB query id, not a connection id)";
                }
                if (kind == TokenKind.WORD && lexer.keyword() == Keyword.USER) {
                    return "KILL QUERY USER";
                }
            }
        }
        return "KILL with an expression instead of a connection id";
    }

    /** Whether a quoted string's content starts with the word KILL (after blanks and comments). */
    private static boolean startsWithKill(CharSequence quoted) {
        int open = 0;
        while (open < quoted.length() && quoted.charAt(open) != '\'' && quoted.charAt(open) != '"') {
            open++; // past a character set introducer or N
        }
        if (quoted.length() - open < 2) {
            return false;
        }
        SqlLexer inner = new SqlLexer(quoted.subSequence(open + 1, quoted.length() - 1));
        for (TokenKind kind = inner.next(); kind != TokenKind.END; kind = inner.next()) {
            if (kind != TokenKind.COMMENT && kind != TokenKind.OPTIMIZER_HINT) {
                return kind == TokenKind.WORD && inner.keyword() == Keyword.KILL;
            }
        }
        return false;
    }
}
