package io.tandem.proxy.frontend;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.session.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIdleTimeoutTest {

    private final EmbeddedChannel client = new EmbeddedChannel();

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
    }

    private static SessionState waitTimeout(String seconds) {
        return SessionState.INITIAL.withVariable("wait_timeout", seconds);
    }

    private void idleFor(long seconds) {
        client.advanceTimeBy(seconds, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
        client.runPendingTasks();
    }

    @Test
    void theSessionsOwnWaitTimeoutWinsOverTheDefault() {
        ClientIdleTimeout idle = new ClientIdleTimeout(client, 7, 28_800, true);

        assertThat(idle.seconds(SessionState.INITIAL)).isEqualTo(28_800);
        assertThat(idle.seconds(waitTimeout("2"))).isEqualTo(2);
        assertThat(idle.seconds(waitTimeout("not a number"))).isEqualTo(28_800);
    }

    @Test
    void anIdleClientGetsMySqlsErrorThenTheConnectionCloses() {
        ClientIdleTimeout idle = new ClientIdleTimeout(client, 7, 28_800, true);

        idle.arm(waitTimeout("2"));
        idleFor(1);
        assertThat(client.isActive()).isTrue();
        idleFor(1);

        MySQLFrame sent = client.readOutbound();
        ErrPacket err = ErrPacket.read(new MySQLPayload(sent.content()));
        assertThat(sent.sequenceId()).isZero();
        assertThat(err.errorCode()).isEqualTo(4031);
        assertThat(err.sqlState()).isEqualTo("HY000");
        assertThat(err.message()).isEqualTo(ClientIdleTimeout.MESSAGE);
        sent.release();
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void mariaDbClosesWithoutAWord() {
        ClientIdleTimeout idle = new ClientIdleTimeout(client, 7, 28_800, false);

        idle.arm(waitTimeout("1"));
        idleFor(1);

        assertThat((Object) client.readOutbound()).isNull();
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void aCommandStopsTheClockAndTheNextAnswerStartsItAgain() {
        ClientIdleTimeout idle = new ClientIdleTimeout(client, 7, 28_800, true);

        idle.arm(waitTimeout("2"));
        idleFor(1);
        idle.cancel();
        // a command that runs longer than the timeout is not idleness
        idleFor(5);
        assertThat(client.isActive()).isTrue();
        idle.arm(waitTimeout("2"));
        idleFor(1);
        assertThat(client.isActive()).isTrue();
        idleFor(1);
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void zeroMeansNoTimeout() {
        ClientIdleTimeout idle = new ClientIdleTimeout(client, 7, 0, true);

        idle.arm(SessionState.INITIAL);
        idleFor(100_000);

        assertThat(client.isActive()).isTrue();
    }
}
