package io.tandem.topology.instance;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaStatusTest {

    private static final InstanceKey SOURCE = InstanceKey.parse("db1:3306");

    private static ReplicaStatus status(IoThread io, boolean sqlRunning, String ioError, String sqlError) {
        return new ReplicaStatus(SOURCE, io, sqlRunning, ioError, sqlError, GtidSet.EMPTY, GtidSet.EMPTY,
                sqlRunning ? 0L : null, true);
    }

    @ParameterizedTest(name = "Replica_IO_Running \"{0}\" is {1}")
    @CsvSource({
            "Yes, RUNNING",
            "yes, RUNNING",
            "' YES ', RUNNING",
            "Connecting, CONNECTING",
            "No, STOPPED",
            "'', STOPPED",
            "Preparing, STOPPED"})
    void readsTheIoThreadAsTheServerReportsIt(String value, IoThread expected) {
        assertThat(IoThread.fromServer(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    void aMissingIoThreadValueIsStopped(String value) {
        assertThat(IoThread.fromServer(value)).isEqualTo(IoThread.STOPPED);
    }

    @Test
    void replicatesOnlyWithBothThreadsRunning() {
        assertThat(status(IoThread.RUNNING, true, "", "").replicating()).isTrue();
        assertThat(status(IoThread.CONNECTING, true, "", "").replicating()).isFalse();
        assertThat(status(IoThread.STOPPED, true, "", "").replicating()).isFalse();
        assertThat(status(IoThread.RUNNING, false, "", "").replicating()).isFalse();
    }

    @Test
    void lastErrorPrefersTheSqlThreadAndIgnoresBlanks() {
        String ioError = "error connecting to master 'repl@db1:3306' - retry-time: 60 retries: 1";
        String sqlError = "Could not execute Write_rows event on table app.t; Duplicate entry '1' for key 'PRIMARY'";

        assertThat(status(IoThread.STOPPED, false, ioError, sqlError).lastError()).isEqualTo(sqlError);
        assertThat(status(IoThread.CONNECTING, true, ioError, "").lastError()).isEqualTo(ioError);
        assertThat(status(IoThread.CONNECTING, true, ioError, null).lastError()).isEqualTo(ioError);
        assertThat(status(IoThread.RUNNING, false, "  ", sqlError).lastError()).isEqualTo(sqlError);
        assertThat(status(IoThread.RUNNING, true, "", " ").lastError()).isNull();
        assertThat(status(IoThread.RUNNING, true, null, null).lastError()).isNull();
    }
}
