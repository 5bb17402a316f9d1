package io.tandem.proxy.routing;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassificationTest {

    private final StatementClassifier classifier = new StatementClassifier();

    @Test
    void explainsInOneLine() {
        assertThat(classifier.classify("SELECT * FROM t FOR UPDATE").explain())
                .isEqualTo("primary: SELECT … FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE locks rows");
        assertThat(classifier.classify("SELECT 1").explain()).isEqualTo("replica: a query that only reads");
        assertThat(classifier.classify("/* tandem:replica */ SELECT 1").explain())
                .isEqualTo("replica: a tandem:replica hint allows a replica");
    }

    @Test
    void explainsAnIgnoredReplicaHint() {
        assertThat(classifier.classify("/* tandem:replica */ INSERT INTO t VALUES (1)").explain())
                .isEqualTo("primary: INSERT, UPDATE, DELETE, REPLACE or LOAD changes data"
                        + " (tandem:replica hint ignored: it never moves writes, locks or session changes)");
    }

    @Test
    void explainsAMultiStatement() {
        assertThat(classifier.classify("SELECT 1; DELETE FROM t").explain())
                .isEqualTo("primary: a multi-statement that contains a write [2 statements]");
    }

    @Test
    void routeMustBeTheReasonsRoute() {
        assertThatThrownBy(() -> new Classification(Route.REPLICA_ELIGIBLE, Reason.WRITE, RouteHint.NONE,
                false, false, false, null, false, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WRITE");
    }

    @Test
    void everyReasonDescribesItself() {
        for (Reason reason : Reason.values()) {
            assertThat(reason.description()).as(reason.name()).isNotBlank().doesNotEndWith(".");
        }
    }

    /** Reasons are metric labels and CLI output: renaming one is a breaking change, so it must show up here. */
    @Test
    void reasonNamesAreStable() {
        assertThat(Arrays.stream(Reason.values()).map(Enum::name)).containsExactly(
                "HINT_PRIMARY", "HINT_REPLICA", "MULTI_STATEMENT_WRITE", "UNSURE", "WRITE", "DDL", "TEMPORARY_TABLE",
                "ACCOUNT_MANAGEMENT", "CALL", "SERVER_ADMIN", "LOCK_TABLES", "TRANSACTION_CONTROL", "SESSION_STATE",
                "PREPARED_STATEMENT", "HANDLER", "LOCKING_READ", "LOCKING_FUNCTION", "SELECT_INTO",
                "USER_VARIABLE_ASSIGNMENT", "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "DIAGNOSTICS",
                "DO_STATEMENT", "EMPTY", "READ", "SHOW", "EXPLAIN", "HELP", "HELD_TRANSACTION", "HELD_PINNED",
                "HELD_CURSOR", "HELD_DIAGNOSTICS", "AUTOCOMMIT_OFF", "NO_FRESH_REPLICA", "READ_YOUR_WRITES",
                "OWN_DEFINITIONS", "READ_ONLY_TRANSACTION",
                "SPLIT_OFF", "NOT_A_QUERY");
    }

    @Test
    void onlyReadsAndSessionReadsTakeAReplicaHint() {
        assertThat(Arrays.stream(Reason.values()).filter(Reason::allowsReplicaHint)).containsExactlyInAnyOrder(
                Reason.LAST_INSERT_ID, Reason.FOUND_ROWS, Reason.ROW_COUNT, Reason.DIAGNOSTICS,
                Reason.READ, Reason.SHOW, Reason.EXPLAIN, Reason.HELP);
    }
}
