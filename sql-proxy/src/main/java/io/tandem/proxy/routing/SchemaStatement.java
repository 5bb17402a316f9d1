package io.tandem.proxy.routing;

/**
 * CREATE, DROP, ALTER and RENAME: DDL, unless the object is a temporary table (session state on one backend),
 * an account or role (grant tables), the server instance, or a SQL prepared statement ({@code DROP PREPARE}).
 * A stored program's {@code BEGIN … END} body keeps its {@code ;}s inside the statement, as the server parses it.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/sql-data-definition-statements.html">Data definition</a>
 */
final class SchemaStatement {

    private SchemaStatement() {
    }

    /** {@code verb} has been read; the cursor is on the word after it. */
    static Reason classify(Keyword verb, TokenCursor cursor, StatementFacts facts) {
        switch (cursor.keyword()) {
            case TEMPORARY -> {
                if (verb == Keyword.CREATE || verb == Keyword.DROP) {
                    facts.changeTemporaryTables();
                    return Reason.TEMPORARY_TABLE;
                }
            }
            case USER, ROLE -> {
                return Reason.ACCOUNT_MANAGEMENT;
            }
            case INSTANCE -> {
                return verb == Keyword.ALTER ? Reason.SERVER_ADMIN : Reason.DDL;
            }
            case PREPARE -> {
                return verb == Keyword.DROP ? Reason.PREPARED_STATEMENT : Reason.DDL;
            }
            default -> {
                // a schema object: table, view, index, routine, trigger, event …
            }
        }
        spanStoredProgramBody(cursor);
        return Reason.DDL;
    }

    private static void spanStoredProgramBody(TokenCursor cursor) {
        while (!cursor.atStatementEnd()) {
            if (cursor.is(Keyword.BEGIN)) {
                cursor.spanCompoundBody();
            }
            cursor.advance();
        }
    }
}
