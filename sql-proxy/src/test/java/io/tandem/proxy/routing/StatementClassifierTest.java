package io.tandem.proxy.routing;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static io.tandem.proxy.routing.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;

class StatementClassifierTest {

    private static final SqlMode ANSI = new SqlMode(true, false);
    private static final SqlMode NO_BACKSLASH = new SqlMode(false, true);

    private final StatementClassifier classifier = new StatementClassifier();

    @ParameterizedTest(name = "[{index}] {1} -> {2} {3}")
    @MethodSource("statements")
    void routesByText(SqlMode mode, String sql, Route route, Reason reason) {
        Classification classification = classifier.classify(sql, mode);

        assertThat(classification.reason()).as(sql).isEqualTo(reason);
        assertThat(classification.route()).as(sql).isEqualTo(route);
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                // plain reads
                replica("SELECT 1", READ),
                replica("select * from t where id = 1", READ),
                replica("SELECT a FROM t UNION ALL SELECT b FROM u", READ),
                replica("SELECT COUNT(*) FROM t WHERE x IN (SELECT y FROM u)", READ),
                replica("SELECT a FROM t WHERE b = ? AND c = ?", READ),
                replica("SELECT * FROM t LIMIT 10;", READ),
                replica("SELECT 1;;", READ),
                replica("SELECT N'abc', X'0F', B'01', _utf8mb4'x', 0x1F, 1e3, .5, 1.5e-3", READ),
                replica("SELECT * FROM 1t", READ),
                replica("SELECT doc->>'$.a', JSON_EXTRACT(doc, '$.b') FROM t WHERE a <=> NULL", READ),
                replica("SELECT café FROM t", READ),
                replica("SELECT @@version, @@session.sql_mode, @x", READ),
                replica("SELECT @a = 1", READ),
                replica("SELECT SLEEP(1)", READ),
                replica("SELECT REPLACE(name, 'a', 'b') FROM t", READ),
                replica("SELECT INSERT('Quadratic', 3, 4, 'What')", READ),
                replica("SELECT get_lock FROM t", READ),
                replica("SELECT mydb.get_lock('a', 1)", READ),
                replica("SELECT /*!40001 SQL_NO_CACHE */ * FROM t", READ),
                replica("SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM t", READ),
                replica("SELECT /*+ SET_VAR(sort_buffer_size = 16M) */ id FROM t ORDER BY id DESC", READ),
                replica("TABLE t", READ),
                replica("VALUES ROW(1, 2), ROW(3, 4)", READ),
                replica("  \n\t SELECT 1", READ),
                // keywords that are not code
                replica("SELECT 'UPDATE' FROM t", READ),
                replica("SELECT `update` FROM t", READ),
                replica("SELECT `for`, `update` FROM `lock` `share`", READ),
                replica("SELECT * FROM t WHERE note = 'x FOR UPDATE'", READ),
                replica("SELECT 'it''s FOR UPDATE' FROM t", READ),
                replica("SELECT 'a\\' FOR UPDATE' FROM t", READ),
                replica("SELECT \"FOR UPDATE\" FROM t", READ),
                replica("SELECT * FROM t WHERE a = \"x';UPDATE t SET a=1;'\"", READ),
                replica("SELECT `a``; DELETE FROM t` FROM t", READ),
                replica("SELECT 'GET_LOCK(1)', 'LAST_INSERT_ID()'", READ),
                replica("SELECT /* FOR UPDATE */ 1", READ),
                replica("SELECT 1 # FOR UPDATE", READ),
                replica("SELECT 1 -- FOR UPDATE", READ),
                replica("SELECT 5 -- 1 FOR UPDATE", READ),
                replica("SELECT '/* tandem:primary */'", READ),
                replica("SELECT 1 /* tandem:replicas */", READ),
                // comments before the verb
                replica("/* app */ SELECT 1", READ),
                replica("# c\nSELECT 1", READ),
                replica("-- c\nSELECT 1", READ),
                replica("--\tc\nSELECT 1", READ),
                replica("/* a */ /* b */ -- c\n# d\n SELECT 1", READ),
                // WITH and parenthesised queries
                replica("WITH x AS (SELECT 1) SELECT * FROM x", READ),
                replica("WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT * FROM c",
                        READ),
                replica("WITH a AS (SELECT 1), b AS (SELECT 2) (SELECT * FROM a) UNION (SELECT * FROM b)", READ),
                replica("(SELECT 1) UNION (SELECT 2)", READ),
                replica("((SELECT a FROM t) ORDER BY a LIMIT 1)", READ),
                replica("(WITH x AS (SELECT 1) SELECT * FROM x)", READ),
                // sql_mode
                replica(ANSI, "SELECT \"FOR UPDATE\" FROM t", READ),
                replica("SELECT \"a\\\" FOR UPDATE\" FROM t", READ),
                primary(ANSI, "SELECT \"a\\\" FOR UPDATE\" FROM t", UNSURE),
                primary(ANSI, "SELECT \"x\" FROM t FOR UPDATE", LOCKING_READ),
                primary("SELECT 'a\\' FOR UPDATE", UNSURE),
                primary(NO_BACKSLASH, "SELECT 'a\\' FOR UPDATE", LOCKING_READ),
                // locking reads
                primary("SELECT * FROM t WHERE id = 1 FOR UPDATE", LOCKING_READ),
                primary("select * from t for share", LOCKING_READ),
                primary("SELECT * FROM t LOCK IN SHARE MODE", LOCKING_READ),
                primary("SELECT * FROM t FOR UPDATE NOWAIT", LOCKING_READ),
                primary("SELECT * FROM t FOR SHARE SKIP LOCKED", LOCKING_READ),
                primary("SELECT * FROM t, u FOR UPDATE OF t", LOCKING_READ),
                primary("SELECT * FROM t WHERE id IN (SELECT id FROM u) FOR UPDATE", LOCKING_READ),
                primary("SELECT a FROM t UNION SELECT b FROM u FOR UPDATE", LOCKING_READ),
                primary("(SELECT a FROM t) UNION (SELECT b FROM u FOR UPDATE)", LOCKING_READ),
                primary("WITH x AS (SELECT 1) SELECT * FROM t FOR UPDATE", LOCKING_READ),
                primary("SELECT * FROM t /*!50000 FOR UPDATE */", LOCKING_READ),
                primary("SELECT * FROM t /*! FOR UPDATE */", LOCKING_READ),
                primary("SELECT * FROM t /*!80000 FOR SHARE */", LOCKING_READ),
                primary("SELECT * FROM t FOR /* why */ UPDATE", LOCKING_READ),
                primary("SELECT * FROM t\nFOR\nUPDATE", LOCKING_READ),
                primary("SELECT * FROM t --\nFOR UPDATE", LOCKING_READ),
                primary("SELECT 5 --1 FOR UPDATE", LOCKING_READ),
                primary("SELECT a, b INTO @a, @b FROM t FOR UPDATE", LOCKING_READ),
                // lock and session functions
                primary("SELECT GET_LOCK('a', 1)", LOCKING_FUNCTION),
                primary("select get_lock ('a', 1)", LOCKING_FUNCTION),
                primary("SELECT GET_LOCK/* c */('a', 1)", LOCKING_FUNCTION),
                primary("SELECT RELEASE_LOCK('a')", LOCKING_FUNCTION),
                primary("SELECT RELEASE_ALL_LOCKS()", LOCKING_FUNCTION),
                primary("SELECT IS_FREE_LOCK('a')", LOCKING_FUNCTION),
                primary("SELECT IS_USED_LOCK('a')", LOCKING_FUNCTION),
                primary("SELECT SERVICE_GET_WRITE_LOCKS('ns', 'a', 10)", LOCKING_FUNCTION),
                primary("SELECT * FROM t WHERE GET_LOCK('a', 0) = 1", LOCKING_FUNCTION),
                primary("select last_insert_id()", LAST_INSERT_ID),
                primary("SELECT LAST_INSERT_ID(5)", LAST_INSERT_ID),
                primary("SELECT NEXTVAL(s)", WRITE),
                primary("SELECT setval(s, 100)", WRITE),
                primary("SELECT @@identity", LAST_INSERT_ID),
                primary("SELECT @@session.last_insert_id", LAST_INSERT_ID),
                primary("SELECT FOUND_ROWS()", FOUND_ROWS),
                primary("SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 10", FOUND_ROWS),
                primary("SELECT ROW_COUNT()", ROW_COUNT),
                primary("SELECT @@warning_count", DIAGNOSTICS),
                primary("SHOW WARNINGS", DIAGNOSTICS),
                primary("SHOW COUNT(*) ERRORS", DIAGNOSTICS),
                primary("SHOW PROFILES", DIAGNOSTICS),
                primary("GET DIAGNOSTICS @n = NUMBER", DIAGNOSTICS),
                // SELECT … INTO and assignments
                primary("SELECT x INTO @v FROM t", SELECT_INTO),
                primary("SELECT * FROM t INTO OUTFILE '/tmp/t.csv'", SELECT_INTO),
                primary("SELECT * INTO DUMPFILE '/tmp/x' FROM t", SELECT_INTO),
                primary("SELECT @a := MAX(id) FROM t", USER_VARIABLE_ASSIGNMENT),
                // writes
                primary("INSERT INTO t VALUES (1)", WRITE),
                primary("insert into t select * from u", WRITE),
                primary("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1", WRITE),
                primary("UPDATE t SET a = 1 WHERE id = 2", WRITE),
                primary("DELETE FROM t WHERE id = 1", WRITE),
                primary("REPLACE INTO t VALUES (1)", WRITE),
                primary("LOAD DATA LOCAL INFILE '/tmp/x' INTO TABLE t", WRITE),
                primary("LOAD XML INFILE 'x' INTO TABLE t", WRITE),
                primary("WITH x AS (SELECT id FROM u) DELETE FROM t WHERE id IN (SELECT id FROM x)", WRITE),
                primary("WITH x AS (SELECT 1 AS id) UPDATE t JOIN x USING (id) SET t.a = 1", WRITE),
                primary("/* app */ UPDATE t SET a = 'SELECT'", WRITE),
                primary("/*!40000 INSERT INTO t VALUES (1) */", WRITE),
                // DDL, temporary tables, accounts
                primary("CREATE TABLE t (id INT PRIMARY KEY)", DDL),
                primary("ALTER TABLE t ADD COLUMN b INT", DDL),
                primary("DROP TABLE IF EXISTS t", DDL),
                primary("TRUNCATE TABLE t", DDL),
                primary("RENAME TABLE a TO b", DDL),
                primary("CREATE INDEX i ON t (a)", DDL),
                primary("CREATE DATABASE d", DDL),
                primary("CREATE VIEW v AS SELECT 1", DDL),
                primary("/*!40000 ALTER TABLE t DISABLE KEYS */", DDL),
                primary("CREATE PROCEDURE p() BEGIN SELECT 1; UPDATE t SET a = 1; END", DDL),
                primary("CREATE TEMPORARY TABLE tmp (id INT)", TEMPORARY_TABLE),
                primary("create temporary table tmp select * from t", TEMPORARY_TABLE),
                primary("DROP TEMPORARY TABLE IF EXISTS tmp", TEMPORARY_TABLE),
                primary("CREATE USER 'u'@'%' IDENTIFIED BY 'p'", ACCOUNT_MANAGEMENT),
                primary("DROP USER u", ACCOUNT_MANAGEMENT),
                primary("GRANT SELECT ON db.* TO 'u'@'%'", ACCOUNT_MANAGEMENT),
                primary("SET PASSWORD = 'x'", ACCOUNT_MANAGEMENT),
                // transaction control
                primary("BEGIN", TRANSACTION_CONTROL),
                primary("begin work", TRANSACTION_CONTROL),
                primary("START TRANSACTION", TRANSACTION_CONTROL),
                primary("START TRANSACTION READ ONLY", TRANSACTION_CONTROL),
                primary("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE", TRANSACTION_CONTROL),
                primary("COMMIT", TRANSACTION_CONTROL),
                primary("COMMIT AND CHAIN", TRANSACTION_CONTROL),
                primary("ROLLBACK", TRANSACTION_CONTROL),
                primary("ROLLBACK TO SAVEPOINT s1", TRANSACTION_CONTROL),
                primary("SAVEPOINT s1", TRANSACTION_CONTROL),
                primary("RELEASE SAVEPOINT s1", TRANSACTION_CONTROL),
                primary("XA START 'x'", TRANSACTION_CONTROL),
                primary("XA COMMIT 'x'", TRANSACTION_CONTROL),
                // session state
                primary("SET autocommit=0", SESSION_STATE),
                primary("SET NAMES utf8mb4", SESSION_STATE),
                primary("SET @x = 1", SESSION_STATE),
                primary("SET SESSION sql_mode = 'ANSI_QUOTES'", SESSION_STATE),
                primary("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", SESSION_STATE),
                primary("/*!40101 SET NAMES utf8 */", SESSION_STATE),
                primary("USE db", SESSION_STATE),
                primary("PREPARE s FROM 'SELECT 1'", PREPARED_STATEMENT),
                primary("EXECUTE s USING @a", PREPARED_STATEMENT),
                primary("DEALLOCATE PREPARE s", PREPARED_STATEMENT),
                primary("DROP PREPARE s", PREPARED_STATEMENT),
                primary("HANDLER t OPEN", HANDLER),
                primary("HANDLER t READ FIRST", HANDLER),
                // locks and administration
                primary("LOCK TABLES t READ", LOCK_TABLES),
                primary("lock table t write, u read", LOCK_TABLES),
                primary("UNLOCK TABLES", LOCK_TABLES),
                primary("LOCK INSTANCE FOR BACKUP", SERVER_ADMIN),
                primary("FLUSH TABLES WITH READ LOCK", SERVER_ADMIN),
                primary("SET GLOBAL read_only = ON", SERVER_ADMIN),
                primary("SET PERSIST max_connections = 500", SERVER_ADMIN),
                primary("SET @@global.max_connections = 500", SERVER_ADMIN),
                primary("SET sql_mode = '', @@persist.max_connections = 500", SERVER_ADMIN),
                primary("KILL 12", SERVER_ADMIN),
                primary("ANALYZE TABLE t", SERVER_ADMIN),
                primary("START REPLICA", SERVER_ADMIN),
                primary("CHANGE REPLICATION SOURCE TO SOURCE_HOST = 'x'", SERVER_ADMIN),
                primary("LOAD INDEX INTO CACHE t", SERVER_ADMIN),
                // procedures, DO
                primary("CALL p(1)", CALL),
                primary("DO SLEEP(1)", DO_STATEMENT),
                primary("DO 1", DO_STATEMENT),
                primary("DO GET_LOCK('a', 1)", LOCKING_FUNCTION),
                primary("DO @a := 1", USER_VARIABLE_ASSIGNMENT),
                // metadata
                replica("SHOW SLAVE STATUS", SHOW),
                replica("SHOW TABLES", SHOW),
                replica("show full processlist", SHOW),
                replica("SHOW CREATE TABLE t", SHOW),
                replica("EXPLAIN SELECT * FROM t", EXPLAIN),
                replica("DESCRIBE t", EXPLAIN),
                replica("DESC t", EXPLAIN),
                replica("EXPLAIN FORMAT=JSON SELECT 1", EXPLAIN),
                replica("EXPLAIN UPDATE t SET a = 1", EXPLAIN),
                replica("EXPLAIN ANALYZE SELECT * FROM t", EXPLAIN),
                replica("EXPLAIN ANALYZE FORMAT=TREE (SELECT 1)", EXPLAIN),
                primary("EXPLAIN ANALYZE SELECT GET_LOCK('a', 1)", LOCKING_FUNCTION),
                primary("EXPLAIN ANALYZE SELECT * FROM t FOR UPDATE", LOCKING_READ),
                primary("EXPLAIN FOR CONNECTION 12", UNSURE),
                replica("HELP 'contents'", HELP),
                // multi-statements
                primary("SELECT 1; UPDATE t SET a=1", MULTI_STATEMENT_WRITE),
                primary("BEGIN; INSERT INTO t VALUES (1); COMMIT", MULTI_STATEMENT_WRITE),
                primary("SELECT 1 /*!50000 ; DELETE FROM t */", MULTI_STATEMENT_WRITE),
                primary("CREATE TABLE t (a INT); SELECT 1", MULTI_STATEMENT_WRITE),
                replica("SELECT 1; SELECT 2", READ),
                replica("SELECT 'a;b'; SELECT 2", READ),
                replica("SELECT 1; /* x */ ; SELECT 2", READ),
                replica("SHOW TABLES; SELECT 1", READ),
                primary("SELECT 1; SELECT GET_LOCK('a', 1)", LOCKING_FUNCTION),
                primary("SET autocommit=0; SELECT 1", SESSION_STATE),
                primary("SELECT 1; BEGIN", TRANSACTION_CONTROL),
                // hints
                replica("/* tandem:replica */ SELECT 1", HINT_REPLICA),
                replica("/* TANDEM:REPLICA */ SELECT 1", HINT_REPLICA),
                replica("/* tandem:replica */ SELECT LAST_INSERT_ID()", HINT_REPLICA),
                replica("SELECT * FROM t # tandem:replica", HINT_REPLICA),
                primary("/* tandem:primary */ SELECT 1", HINT_PRIMARY),
                primary("SELECT * FROM t /* tandem:primary */", HINT_PRIMARY),
                primary("SELECT 1 -- tandem:primary", HINT_PRIMARY),
                primary("/* app=shop tandem:primary */ SELECT 1", HINT_PRIMARY),
                primary("/* tandem:replica */ /* tandem:primary */ SELECT 1", HINT_PRIMARY),
                primary("/* tandem:primary */ UPDATE t SET a = 1", HINT_PRIMARY),
                primary("/* tandem:replica */ UPDATE t SET a = 1", WRITE),
                primary("/* tandem:replica */ SELECT * FROM t FOR UPDATE", LOCKING_READ),
                primary("/* tandem:replica */ SELECT GET_LOCK('a', 1)", LOCKING_FUNCTION),
                primary("/* tandem:replica */ SELECT 1; DELETE FROM t", MULTI_STATEMENT_WRITE),
                // unsure and empty
                primary("SELECT 'abc", UNSURE),
                primary("SELECT * FROM t WHERE a = \"abc", UNSURE),
                primary("SELECT * FROM `t", UNSURE),
                primary("SELECT 1 /* open", UNSURE),
                primary("SELECT /*!50000 1", UNSURE),
                primary("SELECT 1; 'abc", UNSURE),
                primary("FROBNICATE t", UNSURE),
                primary("42", UNSURE),
                primary("WITH x AS (SELECT 1)", UNSURE),
                primary("(UPDATE t SET a = 1)", UNSURE),
                primary("RELEASE x", UNSURE),
                primary("", EMPTY),
                primary("   \n\t ", EMPTY),
                primary("/* only a comment */", EMPTY),
                primary(";", EMPTY));
    }

    private static Arguments primary(String sql, Reason reason) {
        return primary(SqlMode.DEFAULT, sql, reason);
    }

    private static Arguments primary(SqlMode mode, String sql, Reason reason) {
        return Arguments.of(mode, sql, Route.PRIMARY, reason);
    }

    private static Arguments replica(String sql, Reason reason) {
        return replica(SqlMode.DEFAULT, sql, reason);
    }

    private static Arguments replica(SqlMode mode, String sql, Reason reason) {
        return Arguments.of(mode, sql, Route.REPLICA_ELIGIBLE, reason);
    }

    @Test
    void theTableCoversEveryReason() {
        assertThat(statements().map(arguments -> arguments.get()[3]).distinct())
                .containsExactlyInAnyOrder(Arrays.stream(Reason.values()).filter(r -> !r.fromSession()).toArray());
    }

    /** Every prefix of every statement above is a statement a client could send; none may throw or loop. */
    @Test
    void everyPrefixIsClassifiedWithoutFailing() {
        statements().forEach(arguments -> {
            SqlMode mode = (SqlMode) arguments.get()[0];
            String sql = (String) arguments.get()[1];
            for (int end = 0; end <= sql.length(); end++) {
                String prefix = sql.substring(0, end);
                assertThat(classifier.classify(prefix, mode).route()).as(prefix).isNotNull();
                assertThat(classifier.referencedTables(prefix, mode)).as(prefix).isNotNull();
            }
        });
    }

    /**
     * The classifier runs on every statement: a statement ten times longer must not cost more allocation, which
     * is what a per-token String or object would show.
     */
    @Test
    void allocatesNothingPerToken() {
        String shortQuery = "SELECT a, b FROM t WHERE id = ? FOR UPDATE";
        String longQuery = "/* app */ SELECT " + "a, `b`, 'c', @d, @@e, 1.5, f(g), ".repeat(40)
                + "h FROM t JOIN u ON t.id = u.id WHERE x IN (SELECT y FROM v) FOR UPDATE";

        long shortBytes = allocatedBytesPerCall(shortQuery);
        long longBytes = allocatedBytesPerCall(longQuery);

        assertThat(longBytes).as("bytes per call, %d-char statement", longQuery.length()).isLessThan(1024);
        assertThat(longBytes - shortBytes).as("extra bytes for ~450 more tokens").isLessThan(256);
    }

    private long allocatedBytesPerCall(String sql) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        long thread = Thread.currentThread().getId();
        int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            classifier.classify(sql);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            classifier.classify(sql);
        }
        return (threads.getThreadAllocatedBytes(thread) - before) / calls;
    }

    @Nested
    class Facts {

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("io.tandem.proxy.routing.StatementClassifierTest#autocommitAssignments")
        void setsAutocommit(String sql, Boolean expected) {
            assertThat(classifier.classify(sql).setsAutocommit()).as(sql).isEqualTo(expected);
        }

        @Test
        void startTransactionReadOnlyIsReported() {
            Classification readOnly = classifier.classify("START TRANSACTION READ ONLY");
            Classification readWrite = classifier.classify("start transaction read write");

            assertThat(readOnly.startsTransaction()).isTrue();
            assertThat(readOnly.readOnlyTransaction()).isTrue();
            assertThat(readWrite.startsTransaction()).isTrue();
            assertThat(readWrite.readOnlyTransaction()).isFalse();
            assertThat(classifier.classify("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
                    .readOnlyTransaction()).isTrue();
        }

        @Test
        void transactionBoundaries() {
            assertThat(classifier.classify("BEGIN").startsTransaction()).isTrue();
            assertThat(classifier.classify("XA START 'x'").startsTransaction()).isTrue();
            assertThat(classifier.classify("COMMIT").endsTransaction()).isTrue();
            assertThat(classifier.classify("ROLLBACK WORK").endsTransaction()).isTrue();
            assertThat(classifier.classify("XA ROLLBACK 'x'").endsTransaction()).isTrue();
            assertThat(classifier.classify("ROLLBACK TO SAVEPOINT s").endsTransaction()).isFalse();
            assertThat(classifier.classify("ROLLBACK WORK TO s").endsTransaction()).isFalse();
            assertThat(classifier.classify("SAVEPOINT s").startsTransaction()).isFalse();
            assertThat(classifier.classify("SELECT 1").startsTransaction()).isFalse();
        }

        @Test
        void commitAndChainEndsAndStarts() {
            Classification chain = classifier.classify("COMMIT AND CHAIN");
            Classification noChain = classifier.classify("COMMIT AND NO CHAIN");

            assertThat(chain.endsTransaction()).isTrue();
            assertThat(chain.startsTransaction()).isTrue();
            assertThat(noChain.endsTransaction()).isTrue();
            assertThat(noChain.startsTransaction()).isFalse();
        }

        @Test
        void temporaryTableChangesAreReported() {
            assertThat(classifier.classify("CREATE TEMPORARY TABLE t (id INT)").temporaryTables()).isTrue();
            assertThat(classifier.classify("DROP TEMPORARY TABLE t").temporaryTables()).isTrue();
            assertThat(classifier.classify("CREATE TABLE t (id INT)").temporaryTables()).isFalse();
        }

        @Test
        void multiStatementFactsAccumulate() {
            Classification classification = classifier.classify("SET autocommit = 0; BEGIN; SELECT 1; COMMIT");

            assertThat(classification.statementCount()).isEqualTo(4);
            assertThat(classification.setsAutocommit()).isFalse();
            assertThat(classification.startsTransaction()).isTrue();
            assertThat(classification.endsTransaction()).isTrue();
            assertThat(classification.reason()).isEqualTo(TRANSACTION_CONTROL);
        }

        @Test
        void storedProgramBodyIsOneStatement() {
            Classification classification = classifier.classify(
                    "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END");

            assertThat(classification.statementCount()).isEqualTo(1);
            assertThat(classification.reason()).isEqualTo(DDL);
        }

        @Test
        void theHintIsKeptEvenWhenItCannotApply() {
            Classification ignored = classifier.classify("/* tandem:replica */ DELETE FROM t");

            assertThat(ignored.hint()).isEqualTo(RouteHint.REPLICA);
            assertThat(ignored.reason()).isEqualTo(WRITE);
            assertThat(classifier.classify("SELECT 1").hint()).isEqualTo(RouteHint.NONE);
        }
    }

    static Stream<Arguments> autocommitAssignments() {
        return Stream.of(
                Arguments.of("SET autocommit=0", false),
                Arguments.of("SET autocommit = 1", true),
                Arguments.of("set AUTOCOMMIT = on", true),
                Arguments.of("SET autocommit = OFF", false),
                Arguments.of("SET autocommit = TRUE", true),
                Arguments.of("SET SESSION autocommit = 'ON'", true),
                Arguments.of("SET LOCAL autocommit := 0", false),
                Arguments.of("SET @@autocommit = 1", true),
                Arguments.of("set @@session.autocommit = 0", false),
                Arguments.of("SET sql_mode = '', autocommit = 1", true),
                Arguments.of("SET autocommit = 1, sql_mode = ''", true),
                Arguments.of("SET @x = (SELECT 1, 2), autocommit = 1", true),
                Arguments.of("/*!40101 SET autocommit = 0 */", false),
                Arguments.of("SET autocommit = 0; SET autocommit = 1", true),
                // not a literal: assume off, the safe side; the server's status flag settles it afterwards
                Arguments.of("SET autocommit = @saved", false),
                Arguments.of("SET autocommit = 1 + 0", false),
                Arguments.of("SET autocommit = DEFAULT", false),
                // not the session's autocommit
                Arguments.of("SET GLOBAL autocommit = 0", null),
                Arguments.of("SET @@global.autocommit = 0", null),
                Arguments.of("SET @autocommit = 0", null),
                Arguments.of("SELECT @@autocommit", null),
                Arguments.of("SET sql_mode = 'autocommit=0'", null));
    }
}
