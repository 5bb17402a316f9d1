package io.tandem.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.routing.RoutingSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tandem.proxy.frontend.EmbeddedProxy.describe;
import static io.tandem.proxy.frontend.EmbeddedProxy.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wait inside the proxy is bounded and visible: a session waiting in one of the proxy's own phases is counted
 * once it is slow, and ended at its limit, however the server stopped answering. Time is given to the watch, not
 * waited for.
 */
class WaitWatchTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final EmbeddedProxy proxy = new EmbeddedProxy(RoutingSettings.DEFAULTS);

    @AfterEach
    void close() {
        proxy.close();
    }

    private WaitWatch watch() {
        return proxy.sessions().watch(proxy.client.eventLoop(), proxy.metrics);
    }

    private String answer() {
        MySQLFrame frame = proxy.answer();
        try {
            return describe(frame);
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    @Test
    void aStatementThatNeverGetsAConnectionIsRefusedAtItsLimitAndTheSessionGoesOn() {
        proxy.loggedIn().stall = true;
        proxy.query("DO 1");
        long start = System.nanoTime();
        ClientSession session = proxy.session();
        assertThat(session.progress().phase()).isEqualTo(CommandPhase.PLACING);

        watch().check(start + SECOND / 2);
        assertThat(proxy.metrics.slowWaits).as("not slow yet").isEmpty();
        watch().check(start + 2 * SECOND);
        watch().check(start + 3 * SECOND);
        assertThat(proxy.metrics.slowWaits).as("counted once per wait").containsExactly("placing");
        assertThat(proxy.answer()).isNull();

        Duration limit = session.waitLimit(CommandPhase.PLACING);
        assertThat(limit).as("beyond the write hold and the pool's own timeout")
                .isGreaterThan(RoutingSettings.DEFAULTS.writeHold().plus(proxy.pool().settings().acquireTimeout()));
        watch().check(start + limit.toNanos() + SECOND);

        assertThat(answer()).startsWith("ERR 1429 Tandem waited " + limit.toMillis() + " ms placing the statement and"
                + " gave up; the statement was not executed");
        assertThat(proxy.metrics.abandonedWaits).containsExactly("placing");
        assertThat(session.progress().phase()).isEqualTo(CommandPhase.IDLE);

        proxy.stall = false;
        proxy.query("DO 2");
        proxy.sentTo(0).release();
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT, new byte[0]));
        assertThat(answer()).isEqualTo("OK");
    }

    @Test
    void aServerThatStopsAnsweringWhileTrackingIsRestoredLosesItsConnection() {
        proxy.loggedIn().query("SET session_track_schema = OFF");
        proxy.sentTo(0).release();
        proxy.serverAnswers(0, 1, ok(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED,
                variableChanged("session_track_schema", "OFF")));
        assertThat(answer()).isEqualTo("OK");

        ClientSession session = proxy.session();
        assertThat(session.progress().phase()).as("the proxy sets its own tracking back")
                .isEqualTo(CommandPhase.RESTORING);
        MySQLFrame restore = proxy.sentTo(0);
        assertThat(restore).isNotNull();
        restore.release();
        long start = System.nanoTime();

        watch().check(start + session.waitLimit(CommandPhase.RESTORING).toNanos() + SECOND);

        assertThat(proxy.metrics.abandonedWaits).containsExactly("restoring");
        assertThat(proxy.backend(0).isOpen()).isFalse();
        assertThat(session.progress().phase()).isEqualTo(CommandPhase.IDLE);
        assertThat(proxy.client.isOpen()).isTrue();
    }

    @Test
    void theClientsOwnWaitsAreNotTheProxys() {
        proxy.loggedIn().query("SELECT SLEEP(100)");
        proxy.sentTo(0).release();
        long start = System.nanoTime();

        watch().check(start + Duration.ofHours(1).toNanos());

        assertThat(proxy.session().progress().phase()).isEqualTo(CommandPhase.RUNNING);
        assertThat(proxy.metrics.slowWaits).isEmpty();
        assertThat(proxy.backend(0).isOpen()).isTrue();
    }

    /** A session-state block reporting one system variable, and the state-change flag, as a server writes it. */
    private static byte[] variableChanged(String name, String value) {
        ByteBuf data = Unpooled.buffer();
        new MySQLPayload(data).writeStringLenenc(name).writeStringLenenc(value);
        ByteBuf block = Unpooled.buffer();
        MySQLPayload payload = new MySQLPayload(block);
        payload.writeInt1(0).writeIntLenenc(data.readableBytes());
        block.writeBytes(data);
        payload.writeInt1(2).writeIntLenenc(1);
        block.writeByte('1');
        byte[] bytes = new byte[block.readableBytes()];
        block.readBytes(bytes);
        data.release();
        block.release();
        return bytes;
    }
}
