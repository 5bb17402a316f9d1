package io.tandem.proxy.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TableReferencesTest {

    private final StatementClassifier classifier = new StatementClassifier();

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("statements")
    void listsTheTablesAStatementNames(String sql, List<String> expected) {
        assertThat(classifier.referencedTables(sql)).map(TableName::toString).isEqualTo(expected);
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                names("SELECT * FROM t", "t"),
                names("SELECT * FROM db.t WHERE a = 1", "db.t"),
                names("SELECT * FROM `my db`.`t``1`", "my db.t`1"),
                names("SELECT * FROM a, b AS x, c y WHERE a.id = b.id", "a", "b", "c"),
                names("SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c USING (id)", "a", "b", "c"),
                names("SELECT * FROM a STRAIGHT_JOIN b", "a", "b"),
                names("SELECT * FROM (SELECT id FROM t) AS d JOIN u ON d.id = u.id", "t", "u"),
                names("SELECT * FROM t WHERE id IN (SELECT id FROM tmp)", "t", "tmp"),
                names("SELECT 1 FROM DUAL"),
                names("SELECT 1"),
                names("SELECT x INTO @v FROM t", "t"),
                names("SELECT * FROM t INTO OUTFILE '/tmp/x'", "t"),
                names("SELECT * FROM user, data", "user", "data"),
                names("INSERT INTO t (a) VALUES (1)", "t"),
                names("INSERT t VALUES (1)", "t"),
                names("INSERT LOW_PRIORITY IGNORE INTO t SELECT * FROM u", "t", "u"),
                names("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1", "t"),
                names("REPLACE INTO t SET a = 1", "t"),
                names("UPDATE t SET a = 1", "t"),
                names("UPDATE LOW_PRIORITY a, b SET a.x = b.x", "a", "b"),
                names("DELETE FROM t WHERE id = 1", "t"),
                names("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "t1", "t2"),
                names("DELETE FROM t1 USING t1, t2", "t1", "t1", "t2"),
                names("SELECT * FROM t FOR UPDATE OF t", "t"),
                names("CREATE TEMPORARY TABLE IF NOT EXISTS tmp (id INT)", "tmp"),
                names("DROP TEMPORARY TABLE IF EXISTS a, b", "a", "b"),
                names("TRUNCATE TABLE t", "t"),
                names("LOCK TABLES t READ, u AS x WRITE", "t", "u"),
                names("TABLE t", "t"),
                names("SHOW CREATE TABLE t", "t"),
                names("SHOW COLUMNS FROM t", "t"),
                names("DESCRIBE t", "t"),
                names("EXPLAIN SELECT * FROM t", "t"),
                names("SELECT * FROM t ORDER BY a DESC, b", "t"),
                names("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) AS j"),
                names("SELECT * FROM a; SELECT * FROM b", "a", "b"),
                names("SELECT * FROM /* c */ t /*!50000 , u */", "t", "u"),
                names("SELECT 'FROM x' FROM t", "t"),
                names("SELECT * FROM t WHERE a = 'x", "t"));
    }

    @Test
    void keepsTheSchemaApart() {
        assertThat(classifier.referencedTables("SELECT * FROM shop.orders"))
                .containsExactly(new TableName("shop", "orders"));
    }

    @Test
    void readsDoubleQuotedNamesUnderAnsiQuotes() {
        assertThat(classifier.referencedTables("SELECT * FROM \"a\"\"b\"", new SqlMode(true, false)))
                .containsExactly(TableName.of("a\"b"));
    }

    private static Arguments names(String sql, String... tables) {
        return Arguments.of(sql, List.of(tables));
    }
}
