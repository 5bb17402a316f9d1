package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatementHintsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TEMPORARY TABLE t (id INT)",
            "create temporary table t select 1",
            "DROP TEMPORARY TABLE IF EXISTS t",
    })
    void temporaryTables(String sql) {
        assertThat(StatementHints.pinReason(sql)).contains(PinReason.TEMPORARY_TABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT GET_LOCK('job', 10)",
            "select get_lock ('job', 0), 1",
            "DO GET_LOCK(CONCAT('a', 'b'), -1)",
    })
    void userLocks(String sql) {
        assertThat(StatementHints.pinReason(sql)).contains(PinReason.USER_LOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "LOCK TABLES t READ",
            "lock table t write, u read",
            "  LOCK\n TABLES t READ",
            "/* batch */ LOCK TABLES t WRITE",
    })
    void lockTables(String sql) {
        assertThat(StatementHints.pinReason(sql)).contains(PinReason.LOCK_TABLES);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "PREPARE s FROM 'SELECT ?'",
            "prepare s from @sql",
            "# legacy\nPREPARE s FROM 'SELECT 1'",
    })
    void sqlPreparedStatements(String sql) {
        assertThat(StatementHints.pinReason(sql)).contains(PinReason.SQL_PREPARE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET @x = 1",
            "SELECT @x",
            "SELECT id INTO @last FROM t",
            "SET @`name with spaces` = 1",
            "SET @'quoted' = 1",
            "SELECT @_x",
            "SELECT 5--@x",
            "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE */",
    })
    void userVariables(String sql) {
        assertThat(StatementHints.pinReason(sql)).contains(PinReason.USER_VARIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT @@autocommit",
            "SET @@session.sql_mode = 'ANSI_QUOTES'",
            "SELECT @@GLOBAL.read_only, @@version",
            "SET SESSION sql_mode = ''",
    })
    void systemVariablesAreNotUserVariables(String sql) {
        assertThat(StatementHints.pinReason(sql)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'CREATE TEMPORARY TABLE t'",
            "SELECT \"GET_LOCK(\"",
            "SELECT 'it''s @x'",
            "SELECT 'escaped \\' quote @x'",
            "SELECT * FROM users WHERE email = 'a@b.example'",
            "SELECT `temporary`, `get_lock`(1) FROM t",
            "SELECT 1 /* LOCK TABLES t READ */",
            "SELECT 1 -- PREPARE @x\n",
            "SELECT 1 # CREATE TEMPORARY TABLE",
            "UNLOCK TABLES",
            "SELECT prepared FROM t",
    })
    void keywordsInsideLiteralsCommentsAndQuotedNamesAreIgnored(String sql) {
        assertThat(StatementHints.pinReason(sql)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT is_temporary FROM t",
            "SELECT * FROM temporary_results",
    })
    void aNameContainingAKeywordIsNotTheKeyword(String sql) {
        assertThat(StatementHints.pinReason(sql)).isEmpty();
    }

    @Test
    void aNameContainingAKeywordDoesNotHideTheRealReason() {
        assertThat(StatementHints.pinReason("SELECT temporary_id INTO @id FROM jobs"))
                .contains(PinReason.USER_VARIABLE);
    }

    @Test
    void statementsThatUseNoTable() {
        assertThat(StatementHints.usesNoTables("SELECT 1")).isTrue();
        assertThat(StatementHints.usesNoTables("select @@warning_count, 'FROM t'")).isTrue();
        assertThat(StatementHints.usesNoTables("SET @a = 1; DO 0")).isTrue();
        assertThat(StatementHints.usesNoTables("SELECT a FROM t")).isFalse();
        assertThat(StatementHints.usesNoTables("SET @a = (SELECT MAX(a) FROM t)")).isFalse();
        assertThat(StatementHints.usesNoTables("SHOW TABLES")).isFalse();
        assertThat(StatementHints.usesNoTables("SELECT 1; INSERT INTO t VALUES (1)")).isFalse();
    }
}
