package io.tandem.proxy.routing;

/**
 * The significant tokens of one statement of a text: comments and optimizer hints are stepped over (their
 * {@link RouteHint} remembered), and {@link #advance()} stops at the statement's end until {@link #nextStatement()}
 * moves past the {@code ;}.
 */
final class TokenCursor {

    private final CharSequence sql;
    private final SqlLexer lexer;
    private RouteHint hint = RouteHint.NONE;
    private boolean compoundBody;

    TokenCursor(CharSequence sql, SqlMode mode) {
        this.sql = sql;
        this.lexer = new SqlLexer(sql, mode);
        step();
    }

    /** The next significant token of the current statement; stays put at the statement's end. */
    TokenKind advance() {
        if (!atStatementEnd()) {
            step();
            while (compoundBody && lexer.kind() == TokenKind.SEMICOLON) {
                step();
            }
        }
        return lexer.kind();
    }

    /** Past the {@code ;} that ends the current statement, to the first token of the next (or the end). */
    TokenKind nextStatement() {
        while (!atStatementEnd()) {
            advance();
        }
        if (lexer.kind() == TokenKind.SEMICOLON) {
            step();
        }
        return lexer.kind();
    }

    /** A stored-program body ({@code BEGIN … END}) follows: its {@code ;}s belong to this statement. */
    void spanCompoundBody() {
        compoundBody = true;
    }

    boolean atStatementEnd() {
        TokenKind kind = lexer.kind();
        return kind == TokenKind.SEMICOLON || kind == TokenKind.END || kind == TokenKind.ERROR;
    }

    TokenKind kind() {
        return lexer.kind();
    }

    Keyword keyword() {
        return lexer.keyword();
    }

    boolean is(Keyword keyword) {
        return lexer.keyword() == keyword;
    }

    boolean isOperator(char c) {
        return lexer.isOperator(c);
    }

    SqlLexer lexer() {
        return lexer;
    }

    /** The hint of every comment stepped over so far. */
    RouteHint hint() {
        return hint;
    }

    private void step() {
        TokenKind kind = lexer.next();
        while (kind == TokenKind.COMMENT || kind == TokenKind.OPTIMIZER_HINT) {
            hint = hint.and(RouteHint.in(sql, lexer.start(), lexer.end()));
            kind = lexer.next();
        }
    }
}
