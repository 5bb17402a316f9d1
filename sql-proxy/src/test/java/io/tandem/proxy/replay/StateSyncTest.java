package io.tandem.proxy.replay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.EmbeddedBackend;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.session.SessionState;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.ErrPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateSyncTest {

    private static final int CAPABILITIES = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.TRANSACTIONS | Capabilities.SESSION_TRACK;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> outcomes = new ArrayList<>();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** An ERR for the replayed SET, as MariaDB answers a time zone literal it read as ucs2. */
    private static ByteBuf unknownTimeZone() {
        ByteBuf body = Unpooled.buffer();
        body.writeByte(ErrPacket.HEADER).writeShortLE(1298).writeCharSequence("#HY000Unknown or incorrect time zone:"
                + " '+01:00'", StandardCharsets.UTF_8);
        ByteBuf frame = Unpooled.buffer().writeMediumLE(body.readableBytes()).writeByte(1).writeBytes(body);
        body.release();
        return frame;
    }

    @Test
    void theReplayIsOneSetWithTheValueFixedToUtf8mb4() {
        BackendConnection connection = EmbeddedBackend.connection(channel, CAPABILITIES);

        StateSync.apply(connection, new SessionState(null, Map.of("time_zone", "+01:00")), () -> outcomes.add("done"),
                err -> outcomes.add(err.message()));

        MySQLFrame sent = channel.readOutbound();
        assertThat(sent.content().toString(1, sent.length() - 1, StandardCharsets.UTF_8))
                .isEqualTo("SET SESSION `time_zone` = _utf8mb4 X'2B30313A3030'");
        sent.release();
    }

    @Test
    void aFailedReplayIsReportedOnceEvenWhenTheCallerThenClosesTheConnection() {
        BackendConnection connection = EmbeddedBackend.connection(channel, CAPABILITIES);
        StateSync.apply(connection, new SessionState(null, Map.of("time_zone", "+01:00")), () -> outcomes.add("done"),
                err -> {
                    outcomes.add(err.errorCode() + " " + err.message());
                    // what the placer does with a connection whose state is unknown
                    channel.close();
                });
        ((MySQLFrame) channel.readOutbound()).release();

        channel.writeInbound(unknownTimeZone());
        channel.runPendingTasks();

        assertThat(outcomes).containsExactly("1298 Unknown or incorrect time zone: '+01:00'");
    }

    @Test
    void aConnectionLostDuringTheReplayIsReportedOnce() {
        BackendConnection connection = EmbeddedBackend.connection(channel, CAPABILITIES);
        StateSync.apply(connection, new SessionState("shop", Map.of("time_zone", "+01:00")),
                () -> outcomes.add("done"), err -> outcomes.add("failed"));
        ((MySQLFrame) channel.readOutbound()).release();

        channel.close();

        assertThat(outcomes).containsExactly("failed");
    }
}
