package io.tandem.proxy.routing;

import java.util.List;

/**
 * Decides from a COM_QUERY's text whether it may run on a replica, and why, with a real lexer rather than
 * regular expressions: keywords inside strings, backquotes and comments are never seen, {@code /*! … *}{@code /}
 * content is, and every statement of a multi-statement counts. Anything it does not recognise goes to the
 * primary as {@link Reason#UNSURE}. Stateless and thread-safe; allocates a few small objects per call, none per
 * token.
 *
 * <p>What the text cannot tell (a transaction is open, autocommit is off, the statement names one of the
 * session's temporary tables, the replica-hint policy) is the proxy's to add, with {@link Classification}'s
 * facts and {@link #referencedTables}.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-solutions-scaleout.html">Using replication for
 *      scale-out</a>
 */
public final class StatementClassifier {

    public Classification classify(CharSequence sql) {
        return classify(sql, SqlMode.DEFAULT);
    }

    /** Classifies under the session's sql_mode, which decides what a double-quoted text is. */
    public Classification classify(CharSequence sql, SqlMode mode) {
        TokenCursor cursor = new TokenCursor(sql, mode);
        StatementFacts facts = new StatementFacts();
        Reason strongest = null;
        boolean writes = false;
        int statements = 0;
        while (cursor.kind() != TokenKind.END) {
            if (cursor.kind() == TokenKind.SEMICOLON) {
                cursor.nextStatement(); // an empty statement between two separators
                continue;
            }
            Reason reason = statement(cursor, facts);
            statements++;
            writes |= reason.writes();
            strongest = strongest == null || reason.outranks(strongest) ? reason : strongest;
            if (cursor.kind() == TokenKind.ERROR) {
                break;
            }
            cursor.nextStatement();
        }
        Reason reason = statements == 0 ? Reason.EMPTY
                : statements > 1 && writes ? Reason.MULTI_STATEMENT_WRITE : strongest;
        return facts.classification(withHint(reason, cursor.hint()), cursor.hint(), statements);
    }

    /**
     * The tables the text names after FROM, JOIN, INTO, UPDATE, TABLE(S), USING, INSERT/REPLACE and
     * DESCRIBE, as written ({@code schema.table} keeps its schema), for the proxy to check against the session's
     * temporary tables. Allocates; call it only when the session has temporary tables.
     */
    public List<TableName> referencedTables(CharSequence sql, SqlMode mode) {
        return TableReferences.in(sql, mode);
    }

    public List<TableName> referencedTables(CharSequence sql) {
        return referencedTables(sql, SqlMode.DEFAULT);
    }

    private static Reason statement(TokenCursor cursor, StatementFacts facts) {
        if (cursor.kind() == TokenKind.ERROR) {
            return Reason.UNSURE;
        }
        Reason reason = StatementRules.classify(cursor, facts);
        while (!cursor.atStatementEnd()) {
            cursor.advance();
        }
        // an unterminated string or comment: the server will reject it, and we cannot see what it would have been
        return cursor.kind() == TokenKind.ERROR ? Reason.UNSURE : reason;
    }

    private static Reason withHint(Reason reason, RouteHint hint) {
        return switch (hint) {
            case PRIMARY -> Reason.HINT_PRIMARY;
            case REPLICA -> reason.allowsReplicaHint() ? Reason.HINT_REPLICA : reason;
            case NONE -> reason;
        };
    }
}
