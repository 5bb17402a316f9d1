package io.tandem.proxy.frontend;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.EmbeddedBackend;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.routing.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticsHoldTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    /** A MySQL connection: its server clears warnings at every statement but a diagnostics one. */
    private final BackendConnection mysql = EmbeddedBackend.connection(channel, Capabilities.PROTOCOL_41);
    private final DiagnosticsHold hold = new DiagnosticsHold();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void warningsOrAnErrorAreLeftForTheNextCommand() {
        hold.begin(Reason.READ, null, () -> "SELECT CAST('abc' AS SIGNED)");
        hold.statementEnded(1, false, false);
        assertThat(hold.left()).isTrue();
        hold.commandDone();
        hold.begin(Reason.READ, null, () -> "SELECT 1");
        hold.statementEnded(0, false, false);
        assertThat(hold.left()).isFalse();
        hold.begin(Reason.READ, null, () -> "SELECT nosuch");
        hold.statementEnded(0, true, false);
        assertThat(hold.left()).as("an error is a condition too").isTrue();
    }

    @Test
    void aDiagnosticsStatementReadsThemWhereTheyAreAndKeepsThemReadable() {
        hold.statementEnded(1, false, false);
        assertThat(hold.begin(Reason.DIAGNOSTICS, mysql, () -> "SHOW WARNINGS")).isTrue();
        assertThat(hold.reading()).isTrue();
        hold.statementEnded(0, false, true);
        assertThat(hold.left()).as("SHOW WARNINGS twice shows them twice").isTrue();
    }

    @Test
    void onMySqlAnyOtherStatementLetsTheConnectionGo() {
        hold.statementEnded(1, false, false);
        hold.kept(false);
        assertThat(hold.begin(Reason.READ, mysql, () -> "SELECT 1")).isFalse();
    }

    @Test
    void aLateTimerReleasesOnlyItsOwnKeeping() {
        long first = hold.kept(false);
        long second = hold.kept(true);
        assertThat(hold.current(first)).isFalse();
        assertThat(hold.current(second)).isTrue();
    }
}
