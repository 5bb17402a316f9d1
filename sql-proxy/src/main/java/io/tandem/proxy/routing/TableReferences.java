package io.tandem.proxy.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the table names a text mentions where a table can stand: after FROM, JOIN, INTO, UPDATE, TABLE(S),
 * USING, INSERT/REPLACE and a leading DESCRIBE, with {@code schema.table}, aliases and comma lists. It is a
 * deliberately simple reader for one question (does the statement touch a temporary table?): a CTE name may
 * show up, and a table after {@code RENAME … TO} or {@code LIKE} does not.
 */
final class TableReferences {

    private enum State { IDLE, EXPECT_TABLE, AFTER_NAME, AFTER_DOT, AFTER_TABLE }

    private final SqlLexer lexer;
    private final List<TableName> tables = new ArrayList<>(4);
    private State state = State.IDLE;
    private String qualifier;
    private Keyword previous = Keyword.OTHER;
    private boolean statementStart = true;

    private TableReferences(CharSequence sql, SqlMode mode) {
        this.lexer = new SqlLexer(sql, mode);
    }

    static List<TableName> in(CharSequence sql, SqlMode mode) {
        return new TableReferences(sql, mode).run();
    }

    private List<TableName> run() {
        for (TokenKind kind = lexer.next(); kind != TokenKind.END && kind != TokenKind.ERROR; kind = lexer.next()) {
            if (kind != TokenKind.COMMENT && kind != TokenKind.OPTIMIZER_HINT) {
                accept(kind);
                statementStart = kind == TokenKind.SEMICOLON;
                previous = lexer.keyword();
            }
        }
        if (state == State.AFTER_NAME) {
            tables.add(TableName.of(qualifier));
        }
        return List.copyOf(tables);
    }

    private void accept(TokenKind kind) {
        switch (state) {
            case IDLE -> idle();
            case EXPECT_TABLE -> expectTable(kind);
            case AFTER_NAME -> afterName(kind);
            case AFTER_DOT -> afterDot(kind);
            case AFTER_TABLE -> afterTable(kind);
        }
    }

    private void idle() {
        state = opensTableList(lexer.keyword()) ? State.EXPECT_TABLE : State.IDLE;
    }

    private void expectTable(TokenKind kind) {
        Keyword keyword = lexer.keyword();
        if (kind == TokenKind.WORD && isModifier(keyword)) {
            return;
        }
        if (isName(kind, keyword)) {
            qualifier = name(kind);
            state = State.AFTER_NAME;
        } else {
            idle();
        }
    }

    private void afterName(TokenKind kind) {
        if (lexer.isOperator('.')) {
            state = State.AFTER_DOT;
            return;
        }
        tables.add(TableName.of(qualifier));
        state = State.AFTER_TABLE;
        afterTable(kind);
    }

    private void afterDot(TokenKind kind) {
        if (kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER) {
            tables.add(new TableName(qualifier, name(kind)));
            state = State.AFTER_TABLE;
        } else {
            state = State.IDLE; // db.* in a GRANT
        }
    }

    /** After a table: an alias ({@code AS x}, {@code x}), LOCK TABLES' READ/WRITE, then maybe a comma and another. */
    private void afterTable(TokenKind kind) {
        if (lexer.isOperator(',')) {
            state = State.EXPECT_TABLE;
        } else if (!isName(kind, lexer.keyword()) && lexer.keyword() != Keyword.AS) {
            idle();
        }
    }

    private boolean opensTableList(Keyword keyword) {
        return switch (keyword) {
            case FROM, JOIN, STRAIGHT_JOIN, INTO, TABLE, TABLES, USING, INSERT, REPLACE -> true;
            case UPDATE -> previous != Keyword.FOR && previous != Keyword.KEY;
            case DESCRIBE, DESC, EXPLAIN -> statementStart;
            default -> false;
        };
    }

    private static boolean isName(TokenKind kind, Keyword keyword) {
        return kind == TokenKind.QUOTED_IDENTIFIER || kind == TokenKind.WORD && !isClauseWord(keyword);
    }

    private String name(TokenKind kind) {
        String text = lexer.text().toString();
        if (kind != TokenKind.QUOTED_IDENTIFIER) {
            return text;
        }
        String quote = text.substring(0, 1);
        return text.substring(1, text.length() - 1).replace(quote + quote, quote);
    }

    /** Words between a list opener and the table: INSERT LOW_PRIORITY IGNORE INTO, TABLE IF NOT EXISTS … */
    private static boolean isModifier(Keyword keyword) {
        return switch (keyword) {
            case LOW_PRIORITY, DELAYED, HIGH_PRIORITY, IGNORE, QUICK, INTO, IF, NOT, EXISTS, ANALYZE, FORMAT,
                    EXTENDED -> true;
            default -> false;
        };
    }

    /** Reserved words that end a table reference; any other word after a table is its alias. */
    private static boolean isClauseWord(Keyword keyword) {
        return switch (keyword) {
            case WHERE, ON, USING, JOIN, INNER, LEFT, RIGHT, CROSS, NATURAL, OUTER, STRAIGHT_JOIN, GROUP, ORDER,
                    LIMIT, HAVING, WINDOW, UNION, EXCEPT, INTERSECT, SET, VALUES, VALUE, SELECT, WITH, TABLE, FOR,
                    LOCK, INTO, FROM, PARTITION, USE, IGNORE, FORCE, TO, LIKE, DUAL, OUTFILE, DUMPFILE, JSON_TABLE,
                    LATERAL, IN, KEY, AS -> true;
            default -> false;
        };
    }
}
