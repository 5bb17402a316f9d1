package io.tandem.proxy.routing;

/**
 * BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE SAVEPOINT and XA: always the primary, with the
 * facts the proxy needs to follow the transaction (START TRANSACTION READ ONLY may go to a replica if configured).
 * {@code START} followed by anything but TRANSACTION controls replication and is server administration.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/commit.html">START TRANSACTION, COMMIT and ROLLBACK</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/xa-statements.html">XA transaction statements</a>
 */
final class TransactionStatement {

    private TransactionStatement() {
    }

    /** {@code verb} has been read; the cursor is on the token after it. */
    static Reason classify(Keyword verb, TokenCursor cursor, StatementFacts facts) {
        switch (verb) {
            case BEGIN -> facts.startTransaction(false);
            case START -> {
                if (!cursor.is(Keyword.TRANSACTION)) {
                    return Reason.SERVER_ADMIN; // START REPLICA / SLAVE / GROUP_REPLICATION
                }
                cursor.advance();
                facts.startTransaction(readOnly(cursor));
            }
            case COMMIT, ROLLBACK -> end(cursor, facts);
            case XA -> xa(cursor, facts);
            case RELEASE -> {
                if (!cursor.is(Keyword.SAVEPOINT)) {
                    return Reason.UNSURE;
                }
            }
            default -> {
                // SAVEPOINT name
            }
        }
        return Reason.TRANSACTION_CONTROL;
    }

    /** The characteristics after START TRANSACTION: READ ONLY, READ WRITE, WITH CONSISTENT SNAPSHOT. */
    private static boolean readOnly(TokenCursor cursor) {
        boolean readOnly = false;
        Keyword previous = Keyword.OTHER;
        while (!cursor.atStatementEnd()) {
            if (previous == Keyword.READ) {
                readOnly = cursor.is(Keyword.ONLY);
            }
            previous = cursor.keyword();
            cursor.advance();
        }
        return readOnly;
    }

    /** COMMIT/ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]; ROLLBACK [WORK] TO [SAVEPOINT] ends nothing. */
    private static void end(TokenCursor cursor, StatementFacts facts) {
        boolean chain = false;
        Keyword previous = Keyword.OTHER;
        while (!cursor.atStatementEnd()) {
            if (cursor.is(Keyword.TO)) {
                return;
            }
            chain |= previous == Keyword.AND && cursor.is(Keyword.CHAIN);
            previous = cursor.keyword();
            cursor.advance();
        }
        facts.endTransaction();
        if (chain) {
            facts.startTransaction(false);
        }
    }

    private static void xa(TokenCursor cursor, StatementFacts facts) {
        switch (cursor.keyword()) {
            case START, BEGIN -> facts.startTransaction(false);
            case COMMIT, ROLLBACK -> facts.endTransaction();
            default -> {
                // XA END, PREPARE, RECOVER: the transaction goes on
            }
        }
    }
}
