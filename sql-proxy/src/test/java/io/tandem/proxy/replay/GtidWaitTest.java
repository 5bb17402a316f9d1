package io.tandem.proxy.replay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.EmbeddedBackend;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.CommandType;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerError;
import io.tandem.proxy.protocol.ServerStatus;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.EofPacket;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class GtidWaitTest {

    private static final int CLASSIC = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.TRANSACTIONS | Capabilities.MULTI_STATEMENTS
            | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS | Capabilities.SESSION_TRACK;
    private static final int DEPRECATE_EOF = CLASSIC | Capabilities.DEPRECATE_EOF;
    private static final GtidSet WRITE = GtidSet.parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-120");
    private static final Duration WAIT = Duration.ofMillis(100);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Boolean> answers = new ArrayList<>();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private BackendConnection start(int capabilities) {
        BackendConnection connection = EmbeddedBackend.connection(channel, capabilities);
        GtidWait.run(connection, WRITE, WAIT, answers::add);
        return connection;
    }

    // ---- the server's answer, as a MySQL 8.0 server writes it

    /** {@code payload} framed for the wire: 3-byte length, sequence id, payload. */
    private static ByteBuf wire(int sequenceId, Consumer<MySQLPayload> payload) {
        ByteBuf body = Unpooled.buffer();
        payload.accept(new MySQLPayload(body));
        ByteBuf frame = Unpooled.buffer().writeMediumLE(body.readableBytes()).writeByte(sequenceId);
        frame.writeBytes(body);
        body.release();
        return frame;
    }

    private static void columnDefinition(MySQLPayload p) {
        p.writeStringLenenc("def").writeStringLenenc("").writeStringLenenc("").writeStringLenenc("")
                .writeStringLenenc("WAIT_FOR_EXECUTED_GTID_SET('" + WRITE + "', 0.100)").writeStringLenenc("")
                .writeIntLenenc(0x0c).writeInt2(63).writeInt4(21).writeInt1(0x08) // binary, BIGINT(21)
                .writeInt2(0x0081).writeInt1(0).writeInt2(0); // NOT_NULL | BINARY, no decimals, filler
    }

    /** The result set of one BIGINT column and one row, {@code value} null for SQL NULL. */
    private static List<ByteBuf> resultSet(int capabilities, String value) {
        boolean deprecateEof = Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
        List<ByteBuf> packets = new ArrayList<>();
        int seq = 1;
        packets.add(wire(seq++, p -> p.writeIntLenenc(1)));
        packets.add(wire(seq++, GtidWaitTest::columnDefinition));
        if (!deprecateEof) {
            packets.add(wire(seq++, p -> new EofPacket(0, ServerStatus.AUTOCOMMIT).write(p)));
        }
        packets.add(wire(seq++, p -> {
            if (value == null) {
                p.writeInt1(0xFB);
            } else {
                p.writeStringLenenc(value);
            }
        }));
        if (deprecateEof) {
            // the OK that ends the rows, with the EOF header
            packets.add(wire(seq, p -> p.writeInt1(0xFE).writeIntLenenc(0).writeIntLenenc(0)
                    .writeInt2(ServerStatus.AUTOCOMMIT).writeInt2(0)));
        } else {
            packets.add(wire(seq, p -> new EofPacket(0, ServerStatus.AUTOCOMMIT).write(p)));
        }
        return packets;
    }

    private void answer(List<ByteBuf> packets) {
        for (ByteBuf packet : packets) {
            assertThat(answers).as("answered before the end of the response").isEmpty();
            channel.writeInbound(packet);
        }
        channel.checkException();
    }

    // ---- the question

    @Test
    void asksTheReplicaToWaitForTheWriteBriefly() {
        start(CLASSIC);

        MySQLFrame sent = channel.readOutbound();
        try {
            assertThat(sent.sequenceId()).isZero();
            assertThat(sent.firstByte()).isEqualTo(CommandType.QUERY.code());
            String sql = sent.content().toString(1, sent.length() - 1, StandardCharsets.UTF_8);
            assertThat(sql).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(_utf8mb4'" + WRITE + "', 0.100)");
            assertThat(sql).contains(
                    "WAIT_FOR_EXECUTED_GTID_SET(_utf8mb4'3e11fa47-71ca-11e1-9e33-c80aa9429562:1-120', 0.100)");
        } finally {
            sent.release();
        }
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(answers).isEmpty();
    }

    @Test
    void theWaitIsWrittenInSecondsWithAPointWhateverTheLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        try {
            BackendConnection connection = EmbeddedBackend.connection(channel, CLASSIC);
            GtidWait.run(connection, WRITE, Duration.ofMillis(2500), answers::add);
        } finally {
            java.util.Locale.setDefault(before);
        }

        MySQLFrame sent = channel.readOutbound();
        try {
            assertThat(sent.content().toString(StandardCharsets.UTF_8)).endsWith("', 2.500)");
        } finally {
            sent.release();
        }
    }

    // ---- the answer

    @ParameterizedTest
    @ValueSource(ints = {CLASSIC, DEPRECATE_EOF})
    void zeroMeansTheReplicaHasTheWrite(int capabilities) {
        start(capabilities);

        answer(resultSet(capabilities, "0"));

        assertThat(answers).containsExactly(true);
        assertThat(channel.isActive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {CLASSIC, DEPRECATE_EOF})
    void oneMeansTheWaitTimedOut(int capabilities) {
        start(capabilities);

        answer(resultSet(capabilities, "1"));

        assertThat(answers).containsExactly(false);
    }

    @ParameterizedTest
    @ValueSource(ints = {CLASSIC, DEPRECATE_EOF})
    void nullMeansNo(int capabilities) {
        start(capabilities);

        answer(resultSet(capabilities, null));

        assertThat(answers).containsExactly(false);
    }

    @ParameterizedTest
    @ValueSource(ints = {CLASSIC, DEPRECATE_EOF})
    void anErrorMeansNo(int capabilities) {
        start(capabilities);

        // e.g. GTID_MODE is OFF on the replica
        channel.writeInbound(wire(1, p -> ErrPacket.of(ServerError.BACKEND_UNREACHABLE,
                "The system variable @@GLOBAL.GTID_MODE is OFF").write(p)));
        channel.checkException();

        assertThat(answers).containsExactly(false);
    }

    @Test
    void aClosedConnectionMeansNo() {
        start(CLASSIC);

        channel.close();

        assertThat(answers).containsExactly(false);
    }

    @Test
    void aConnectionClosedMidResponseMeansNo() {
        start(CLASSIC);
        List<ByteBuf> packets = resultSet(CLASSIC, "0");
        channel.writeInbound(packets.get(0));
        channel.writeInbound(packets.get(1));

        channel.close();

        assertThat(answers).containsExactly(false);
        packets.subList(2, packets.size()).forEach(ByteBuf::release);
    }

    @Test
    void anAnswerSplitAcrossReadsIsStillOneAnswer() {
        start(DEPRECATE_EOF);
        ByteBuf all = Unpooled.buffer();
        resultSet(DEPRECATE_EOF, "0").forEach(packet -> {
            all.writeBytes(packet);
            packet.release();
        });

        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(Math.min(3, all.readableBytes())));
        }
        all.release();
        channel.checkException();

        assertThat(answers).containsExactly(true);
    }
}
