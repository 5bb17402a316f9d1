package io.tandem.proxy.routing;

/**
 * Reads the rest of a query ({@code SELECT}, {@code WITH}, {@code TABLE}, {@code VALUES}, a parenthesised query,
 * or the expressions of {@code DO}) for what keeps it off a replica: locking clauses, lock and session functions,
 * {@code INTO}, {@code :=}, and, after {@code WITH}, a main statement that is an UPDATE or DELETE.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/select.html">SELECT statement</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/locking-functions.html">Locking functions</a>
 */
final class QueryScan {

    private final TokenCursor cursor;
    private boolean awaitingMainVerb;
    private int depth;
    private Keyword previous;
    private TokenKind previousKind = TokenKind.WORD;
    private boolean previousDot;
    private boolean previousClose;
    private Reason call;
    private Reason found;

    private QueryScan(TokenCursor cursor, Keyword head) {
        this.cursor = cursor;
        this.previous = head;
        this.awaitingMainVerb = head == Keyword.WITH;
    }

    /**
     * Scans from the token after {@code head} to the end of the statement; READ if nothing routes it elsewhere,
     * UNSURE if a {@code WITH} never reached its main statement.
     */
    static Reason scan(TokenCursor cursor, Keyword head) {
        return new QueryScan(cursor, head).run();
    }

    private Reason run() {
        while (!cursor.atStatementEnd()) {
            Reason pendingCall = call;
            call = null;
            switch (cursor.kind()) {
                case WORD -> word(cursor.keyword());
                case OPERATOR -> operator(pendingCall);
                case SYSTEM_VARIABLE -> systemVariable(cursor.lexer().variableName());
                default -> {
                    // literals, identifiers and placeholders route nothing
                }
            }
            previousDot = cursor.isOperator('.');
            previousClose = cursor.isOperator(')');
            previous = cursor.keyword();
            previousKind = cursor.kind();
            cursor.advance();
        }
        if (awaitingMainVerb) {
            note(Reason.UNSURE);
        }
        return found == null ? Reason.READ : found;
    }

    private void word(Keyword keyword) {
        switch (keyword) {
            case UPDATE -> {
                if (previous == Keyword.FOR) {
                    note(Reason.LOCKING_READ);
                } else {
                    mainVerb(true);
                }
            }
            case DELETE, INSERT, REPLACE -> mainVerb(true);
            case SELECT, TABLE, VALUES -> mainVerb(false);
            case SHARE -> {
                if (previous == Keyword.FOR || previous == Keyword.IN) {
                    note(Reason.LOCKING_READ);
                }
            }
            case SQL_CALC_FOUND_ROWS -> note(Reason.FOUND_ROWS);
            case INTO -> note(Reason.SELECT_INTO);
            default -> call = previousDot ? null : functionReason(keyword);
        }
    }

    /** After WITH, the first verb outside the CTEs' parentheses is the statement's own. */
    private void mainVerb(boolean writes) {
        if (awaitingMainVerb && depth == 0) {
            awaitingMainVerb = false;
            if (writes) {
                note(Reason.WRITE);
            }
        }
        // elsewhere in a query INSERT(…) and REPLACE(…) are string functions, UPDATE follows FOR
    }

    private void operator(Reason pendingCall) {
        if (cursor.isOperator('(')) {
            if (awaitingMainVerb && depth == 0 && previousClose) {
                awaitingMainVerb = false; // WITH … (SELECT …): the main query is parenthesised
            }
            depth++;
            if (pendingCall != null) {
                note(pendingCall);
            }
        } else if (cursor.isOperator(')')) {
            depth--;
        } else if (previousKind == TokenKind.USER_VARIABLE && cursor.lexer().isOperator(":=")) {
            note(Reason.USER_VARIABLE_ASSIGNMENT);
        }
    }

    private void systemVariable(Keyword name) {
        switch (name) {
            case IDENTITY, LAST_INSERT_ID -> note(Reason.LAST_INSERT_ID);
            case WARNING_COUNT, ERROR_COUNT -> note(Reason.DIAGNOSTICS);
            default -> {
                // other system variables are replayed session state or server settings
            }
        }
    }

    private static Reason functionReason(Keyword name) {
        return switch (name) {
            case GET_LOCK, RELEASE_LOCK, RELEASE_ALL_LOCKS, IS_FREE_LOCK, IS_USED_LOCK,
                    SERVICE_GET_READ_LOCKS, SERVICE_GET_WRITE_LOCKS, SERVICE_RELEASE_LOCKS -> Reason.LOCKING_FUNCTION;
            case LAST_INSERT_ID -> Reason.LAST_INSERT_ID;
            // MariaDB's sequence functions advance the sequence: a write, which a read-only replica refuses
            case NEXTVAL, SETVAL -> Reason.WRITE;
            case FOUND_ROWS -> Reason.FOUND_ROWS;
            case ROW_COUNT -> Reason.ROW_COUNT;
            default -> null;
        };
    }

    private void note(Reason reason) {
        if (found == null || reason.outranks(found)) {
            found = reason;
        }
    }
}
