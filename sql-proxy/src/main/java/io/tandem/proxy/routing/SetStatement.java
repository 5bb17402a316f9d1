package io.tandem.proxy.routing;

/**
 * SET: session state the proxy replays on every backend, except SET GLOBAL / PERSIST (one server's settings) and
 * SET PASSWORD / DEFAULT ROLE (the grant tables). Reads the session {@code autocommit} value an assignment sets.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/set-variable.html">SET syntax for variable assignment</a>
 */
final class SetStatement {

    private SetStatement() {
    }

    /** SET has been read; the cursor is on the first assignment. */
    static Reason classify(TokenCursor cursor, StatementFacts facts) {
        if (cursor.is(Keyword.PASSWORD) || cursor.is(Keyword.DEFAULT)) {
            return Reason.ACCOUNT_MANAGEMENT;
        }
        Reason reason = Reason.SESSION_STATE;
        while (!cursor.atStatementEnd()) {
            if (assignment(cursor, facts)) {
                reason = Reason.SERVER_ADMIN;
            }
            if (cursor.isOperator(',')) {
                cursor.advance();
            }
        }
        return reason;
    }

    /** Reads one {@code [scope] name = value} up to its comma; true if it assigns a global or persisted value. */
    private static boolean assignment(TokenCursor cursor, StatementFacts facts) {
        boolean global = false;
        if (isScope(cursor.keyword())) {
            global = isGlobal(cursor.keyword());
            cursor.advance();
        }
        SqlLexer target = cursor.lexer();
        Keyword name = switch (cursor.kind()) {
            case WORD -> cursor.keyword();
            case SYSTEM_VARIABLE -> target.variableName();
            default -> Keyword.OTHER;
        };
        global |= cursor.kind() == TokenKind.SYSTEM_VARIABLE && isGlobal(target.variableScope());
        cursor.advance();
        if (name == Keyword.AUTOCOMMIT && !global && (cursor.isOperator('=') || target.isOperator(":="))) {
            cursor.advance();
            facts.setAutocommit(autocommitValue(cursor));
        }
        skipToComma(cursor);
        return global;
    }

    /** A literal ON/OFF/1/0/TRUE/FALSE; anything else (an expression, DEFAULT) reads as off, the safe assumption. */
    private static boolean autocommitValue(TokenCursor cursor) {
        SqlLexer value = cursor.lexer();
        boolean on = switch (cursor.kind()) {
            case NUMBER -> value.valueEqualsIgnoreCase("1");
            case STRING -> value.valueEqualsIgnoreCase("ON") || value.valueEqualsIgnoreCase("1");
            case WORD -> cursor.is(Keyword.ON) || cursor.is(Keyword.TRUE);
            default -> false;
        };
        cursor.advance();
        return on && (cursor.atStatementEnd() || cursor.isOperator(','));
    }

    private static void skipToComma(TokenCursor cursor) {
        int depth = 0;
        while (!cursor.atStatementEnd() && !(depth == 0 && cursor.isOperator(','))) {
            if (cursor.isOperator('(')) {
                depth++;
            } else if (cursor.isOperator(')')) {
                depth--;
            }
            cursor.advance();
        }
    }

    private static boolean isScope(Keyword keyword) {
        return keyword == Keyword.SESSION || keyword == Keyword.LOCAL || isGlobal(keyword);
    }

    private static boolean isGlobal(Keyword keyword) {
        return keyword == Keyword.GLOBAL || keyword == Keyword.PERSIST || keyword == Keyword.PERSIST_ONLY;
    }
}
