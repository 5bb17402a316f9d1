package io.tandem.proxy.routing;

/**
 * One statement's reason, decided by its leading keyword: the verb table of MySQL's SQL statements. Queries go
 * on to {@link QueryScan}, SET to {@link SetStatement}, transaction control to {@link TransactionStatement}.
 * Anything not in the table is {@link Reason#UNSURE}.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html">SQL statements</a>
 */
final class StatementRules {

    private StatementRules() {
    }

    /** Classifies the statement whose first token the cursor is on; may leave the cursor before its end. */
    static Reason classify(TokenCursor cursor, StatementFacts facts) {
        if (cursor.isOperator('(')) {
            return parenthesised(cursor);
        }
        if (cursor.kind() != TokenKind.WORD) {
            return Reason.UNSURE;
        }
        Keyword head = cursor.keyword();
        cursor.advance();
        return switch (head) {
            case SELECT, WITH, TABLE, VALUES -> QueryScan.scan(cursor, head);
            case INSERT, UPDATE, DELETE, REPLACE -> Reason.WRITE;
            case LOAD -> load(cursor);
            case CREATE, DROP, ALTER, RENAME -> SchemaStatement.classify(head, cursor, facts);
            case TRUNCATE, IMPORT -> Reason.DDL;
            case GRANT, REVOKE -> Reason.ACCOUNT_MANAGEMENT;
            case ANALYZE, OPTIMIZE, REPAIR, CHECK, CHECKSUM, FLUSH, RESET, PURGE, KILL, SHUTDOWN, RESTART, INSTALL,
                    UNINSTALL, CLONE, CHANGE, STOP, BINLOG, CACHE -> Reason.SERVER_ADMIN;
            case LOCK, UNLOCK -> lock(cursor);
            case CALL -> Reason.CALL;
            case DO -> doStatement(cursor);
            case HANDLER -> Reason.HANDLER;
            case PREPARE, EXECUTE, DEALLOCATE -> Reason.PREPARED_STATEMENT;
            case SET -> SetStatement.classify(cursor, facts);
            case USE -> Reason.SESSION_STATE;
            case BEGIN, START, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, XA ->
                    TransactionStatement.classify(head, cursor, facts);
            case SHOW -> show(cursor);
            case EXPLAIN, DESCRIBE, DESC -> explain(cursor, facts);
            case HELP -> Reason.HELP;
            case GET -> cursor.is(Keyword.DIAGNOSTICS) || cursor.is(Keyword.CURRENT) || cursor.is(Keyword.STACKED)
                    ? Reason.DIAGNOSTICS : Reason.UNSURE;
            default -> Reason.UNSURE;
        };
    }

    /** {@code (SELECT 1) UNION (SELECT 2)}: the query inside the parentheses decides. */
    private static Reason parenthesised(TokenCursor cursor) {
        while (cursor.isOperator('(')) {
            cursor.advance();
        }
        Keyword head = cursor.keyword();
        if (head != Keyword.SELECT && head != Keyword.WITH && head != Keyword.TABLE && head != Keyword.VALUES) {
            return Reason.UNSURE;
        }
        cursor.advance();
        return QueryScan.scan(cursor, head);
    }

    private static Reason load(TokenCursor cursor) {
        if (cursor.is(Keyword.DATA) || cursor.is(Keyword.XML)) {
            return Reason.WRITE;
        }
        return cursor.is(Keyword.INDEX) ? Reason.SERVER_ADMIN : Reason.UNSURE;
    }

    private static Reason lock(TokenCursor cursor) {
        if (cursor.is(Keyword.TABLES) || cursor.is(Keyword.TABLE)) {
            return Reason.LOCK_TABLES;
        }
        return cursor.is(Keyword.INSTANCE) ? Reason.SERVER_ADMIN : Reason.UNSURE;
    }

    /** DO runs for its side effects (a lock, a user variable, SLEEP): never a replica, the function may say more. */
    private static Reason doStatement(TokenCursor cursor) {
        Reason reason = QueryScan.scan(cursor, Keyword.DO);
        return reason.route() == Route.PRIMARY ? reason : Reason.DO_STATEMENT;
    }

    private static Reason show(TokenCursor cursor) {
        return switch (cursor.keyword()) {
            case WARNINGS, ERRORS, COUNT, PROFILE, PROFILES -> Reason.DIAGNOSTICS;
            default -> Reason.SHOW;
        };
    }

    /**
     * EXPLAIN and DESCRIBE do not run the statement, so any explained statement may go to a replica, except
     * EXPLAIN ANALYZE, which runs it and is classified as what it runs.
     */
    private static Reason explain(TokenCursor cursor, StatementFacts facts) {
        boolean analyze = false;
        while (cursor.kind() == TokenKind.WORD) {
            switch (cursor.keyword()) {
                case ANALYZE -> analyze = true;
                case FORMAT -> skipFormatValue(cursor);
                case EXTENDED, PARTITIONS -> {
                    // pre-8.0 modifiers
                }
                case INTO -> {
                    return Reason.SELECT_INTO; // EXPLAIN FORMAT=JSON INTO @plan stores into a user variable
                }
                case FOR -> {
                    return Reason.UNSURE; // EXPLAIN FOR CONNECTION names a backend thread the client cannot know
                }
                default -> {
                    return explained(cursor, facts, analyze);
                }
            }
            cursor.advance();
        }
        return explained(cursor, facts, analyze);
    }

    private static Reason explained(TokenCursor cursor, StatementFacts facts, boolean analyze) {
        if (!analyze) {
            return Reason.EXPLAIN;
        }
        Reason executed = classify(cursor, facts);
        return executed.route() == Route.PRIMARY ? executed : Reason.EXPLAIN;
    }

    private static void skipFormatValue(TokenCursor cursor) {
        cursor.advance();
        if (cursor.isOperator('=')) {
            cursor.advance();
        }
    }
}
