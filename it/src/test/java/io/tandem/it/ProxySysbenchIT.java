package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sysbench's oltp_read_write through the proxy, as a benchmark user would run it: prepare, a timed run with text
 * statements, a timed run with server-side prepared statements, then cleanup. In the second run sysbench also tries
 * to prepare BEGIN, which MySQL refuses with error 1295: the proxy must relay that ERR and keep the connection, so
 * that sysbench falls back to text for it. Every sysbench error is fatal ({@code --mysql-ignore-errors=none}). The
 * same workload runs directly against the primary, in a schema of its own, as the baseline.
 *
 * <p>The data is checked by the workload's invariants, not by comparing checksums with the direct schema:
 * sysbench 1.0.20 fills the tables differently on every prepare, whatever {@code --rand-seed} says.
 */
class ProxySysbenchIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySysbenchIT.class);

    private static final int TABLES = 2;
    private static final int TABLE_SIZE = 2000;
    private static final int THREADS = 4;
    private static final int RUN_SECONDS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(RUN_SECONDS + 60);
    private static final String WORKLOAD = "oltp_read_write";
    private static final int ER_UNSUPPORTED_PS = 1295;

    @Test
    void oltpReadWriteRunsWithoutErrorsInBothPreparedStatementModes() throws Exception {
        Path binary = Sysbench.locate();
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 0);
             ProxyFixture proxy = ProxyFixture.start(sandbox, 16)) {
            SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE sbtest", "CREATE DATABASE sbtest_direct");
            Sysbench viaProxy = new Sysbench(binary, target(proxy.port(), "sbtest"));
            Sysbench direct = new Sysbench(binary, target(sandbox.primary().layout().port(), "sbtest_direct"));
            succeeded(viaProxy.run(WORKLOAD, "prepare", TIMEOUT));
            succeeded(direct.run(WORKLOAD, "prepare", TIMEOUT));

            for (String psMode : List.of("disable", "auto")) {
                long refusedBefore = errorsRaised(sandbox, ER_UNSUPPORTED_PS);
                Sysbench.Result run = ran(viaProxy.run(WORKLOAD, "run", TIMEOUT, runOptions(psMode)));
                LOG.info("sysbench {} through the proxy, --db-ps-mode={}: {}", WORKLOAD, psMode, run.summary());
                assertThat(errorsRaised(sandbox, ER_UNSUPPORTED_PS) - refusedBefore)
                        .as("BEGIN refused as a prepared statement, once per connection, with --db-ps-mode=%s", psMode)
                        .isEqualTo(psMode.equals("auto") ? THREADS : 0);
            }
            Sysbench.Result baseline = ran(direct.run(WORKLOAD, "run", TIMEOUT, runOptions("disable")));
            LOG.info("sysbench {} directly, --db-ps-mode=disable: {}", WORKLOAD, baseline.summary());

            for (String schema : List.of("sbtest", "sbtest_direct")) {
                assertThat(idRanges(sandbox, schema)).as("count, min and max id of each table in %s", schema)
                        .hasSize(TABLES).containsOnly(List.of((long) TABLE_SIZE, 1L, (long) TABLE_SIZE));
            }
            try (Connection throughProxy = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true");
                 Connection primary = sandbox.primary().rootConnection()) {
                assertThat(checksums(throughProxy)).as("checksums read through the proxy vs directly")
                        .isEqualTo(checksums(primary));
            }

            succeeded(viaProxy.run(WORKLOAD, "cleanup", TIMEOUT));
            assertThat(idRanges(sandbox, "sbtest")).as("tables left after cleanup").isEmpty();
        }
    }

    private static List<String> target(int port, String schema) {
        return List.of("--db-driver=mysql", "--mysql-host=127.0.0.1", "--mysql-port=" + port,
                "--mysql-user=" + SandboxAccounts.CLIENT_USER, "--mysql-password=" + SandboxAccounts.CLIENT_PASSWORD,
                "--mysql-db=" + schema, "--mysql-ssl=off", "--mysql-ignore-errors=none", "--tables=" + TABLES,
                "--table-size=" + TABLE_SIZE, "--rand-seed=1");
    }

    /** Uniform keys: sysbench's default "special" distribution piles the four threads onto a few hot rows. */
    private static String[] runOptions(String psMode) {
        return new String[] {"--threads=" + THREADS, "--time=" + RUN_SECONDS, "--rand-type=uniform",
                "--db-ps-mode=" + psMode};
    }

    private static Sysbench.Result succeeded(Sysbench.Result result) {
        assertThat(result.exitCode()).as("exit code of %s; output:%n%s", result.command(), result.output()).isZero();
        return result;
    }

    private static Sysbench.Result ran(Sysbench.Result result) {
        succeeded(result);
        assertThat(result.errors()).as("errors in %s:%n%s", result.command(), result.output()).isZero();
        assertThat(result.reconnects()).as("reconnects in %s:%n%s", result.command(), result.output()).isZero();
        assertThat(result.transactions()).as("transactions in %s:%n%s", result.command(), result.output())
                .isPositive();
        return result;
    }

    /** How often the primary raised error {@code code} since it started. */
    private static long errorsRaised(Sandbox sandbox, int code) throws SQLException {
        try (Connection c = sandbox.primary().rootConnection()) {
            return row(c, "SELECT sum_error_raised FROM performance_schema.events_errors_summary_global_by_error"
                    + " WHERE error_number = " + code).get(0);
        }
    }

    /** COUNT(*), MIN(id) and MAX(id) of each sbtest table in {@code schema}. */
    private static List<List<Long>> idRanges(Sandbox sandbox, String schema) throws SQLException {
        try (Connection c = sandbox.primary().rootConnection()) {
            long tables = row(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema
                    + "'").get(0);
            List<List<Long>> ranges = new ArrayList<>();
            for (int i = 1; i <= tables; i++) {
                ranges.add(row(c, "SELECT COUNT(*), MIN(id), MAX(id) FROM " + schema + ".sbtest" + i));
            }
            return ranges;
        }
    }

    private static List<Long> checksums(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("CHECKSUM TABLE sbtest.sbtest1,"
                + " sbtest.sbtest2")) {
            List<Long> checksums = new ArrayList<>();
            while (rs.next()) {
                checksums.add(rs.getLong("Checksum"));
            }
            return checksums;
        }
    }

    /** The first row of {@code sql}, every column read as a number. */
    private static List<Long> row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            List<Long> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getLong(i));
            }
            return row;
        }
    }
}
