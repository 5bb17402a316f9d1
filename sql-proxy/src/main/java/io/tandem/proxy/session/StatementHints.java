package io.tandem.proxy.session;

import io.tandem.proxy.routing.Keyword;
import io.tandem.proxy.routing.SqlLexer;
import io.tandem.proxy.routing.TokenKind;

import java.util.Optional;

/**
 * Names the non-replayable state a statement creates, to explain a pin. Reads the statement with the SQL lexer, so
 * string literals, quoted names and comments never count: user variables ({@code @name}, not {@code @@name}),
 * TEMPORARY, a GET_LOCK call, and LOCK TABLE(S) or PREPARE opening a statement. The pin decision itself comes
 * from the server's state tracking; this only tells why.
 */
public final class StatementHints {

    private StatementHints() {
    }

    public static Optional<PinReason> pinReason(String sql) {
        Scan scan = new Scan();
        SqlLexer lexer = new SqlLexer(sql);
        for (TokenKind kind = lexer.next(); kind != TokenKind.END && kind != TokenKind.ERROR; kind = lexer.next()) {
            scan.token(lexer, kind);
        }
        return scan.reason();
    }

    /**
     * Whether {@code sql} reads no table: SELECT, SET or DO statements without FROM. MariaDB keeps the previous
     * statement's warnings through such statements (it clears them only for one that uses tables or raises
     * conditions of its own).
     */
    public static boolean usesNoTables(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        boolean first = true;
        for (TokenKind kind = lexer.next(); kind != TokenKind.END; kind = lexer.next()) {
            if (kind == TokenKind.ERROR) {
                return false;
            }
            if (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
                continue;
            }
            if (kind == TokenKind.SEMICOLON) {
                first = true;
                continue;
            }
            Keyword keyword = kind == TokenKind.WORD ? lexer.keyword() : Keyword.OTHER;
            if (first && keyword != Keyword.SELECT && keyword != Keyword.SET && keyword != Keyword.DO) {
                return false;
            }
            if (keyword == Keyword.FROM) {
                return false;
            }
            first = false;
        }
        return true;
    }

    /** What one pass over the tokens saw, in order of precedence. */
    private static final class Scan {
        private boolean temporary;
        private boolean userLock;
        private boolean lockTables;
        private boolean prepare;
        private boolean userVariable;
        /** Position of the token in its statement: 0 for the first significant one. */
        private int position;
        private Keyword first = Keyword.OTHER;
        private boolean afterGetLock;

        void token(SqlLexer lexer, TokenKind kind) {
            switch (kind) {
                case COMMENT, OPTIMIZER_HINT -> {
                    return;
                }
                case SEMICOLON -> {
                    position = 0;
                    afterGetLock = false;
                    return;
                }
                case USER_VARIABLE -> userVariable = true;
                case OPERATOR -> userLock |= afterGetLock && lexer.isOperator('(');
                case WORD -> word(lexer.keyword());
                default -> {
                }
            }
            afterGetLock = kind == TokenKind.WORD && lexer.keyword() == Keyword.GET_LOCK;
            position++;
        }

        private void word(Keyword keyword) {
            if (position == 0) {
                first = keyword;
                prepare |= keyword == Keyword.PREPARE;
            }
            if (position == 1 && first == Keyword.LOCK) {
                lockTables |= keyword == Keyword.TABLE || keyword == Keyword.TABLES;
            }
            temporary |= keyword == Keyword.TEMPORARY;
        }

        Optional<PinReason> reason() {
            if (temporary) {
                return Optional.of(PinReason.TEMPORARY_TABLE);
            }
            if (userLock) {
                return Optional.of(PinReason.USER_LOCK);
            }
            if (lockTables) {
                return Optional.of(PinReason.LOCK_TABLES);
            }
            if (prepare) {
                return Optional.of(PinReason.SQL_PREPARE);
            }
            return userVariable ? Optional.of(PinReason.USER_VARIABLE) : Optional.empty();
        }
    }
}
