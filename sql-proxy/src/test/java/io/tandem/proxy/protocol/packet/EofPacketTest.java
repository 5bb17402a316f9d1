package io.tandem.proxy.protocol.packet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EofPacketTest {

    private static MySQLPayload payload(String hex) {
        return new MySQLPayload(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    /** Fixture, packet index, status flags: the EOFs servers sent in the captured responses. */
    @ParameterizedTest(name = "{0} #{1}")
    @CsvSource({
            "resultset-select-eof, 3, 2",   // after the column definitions: AUTOCOMMIT
            "resultset-select-eof, 5, 2",   // after the rows
            "resultset-multi-eof, 4, 10",   // end of the first of two result sets: MORE_RESULTS_EXISTS
            "execute-cursor-eof, 3, 66",    // a cursor was opened: CURSOR_EXISTS
            "fetch-cursor-eof, 2, 130",     // the cursor is exhausted: LAST_ROW_SENT
            "eof-set-option, 0, 2",         // COM_SET_OPTION's whole answer
    })
    void readsAndRewritesTheServersEofs(String fixture, int index, int status) {
        GoldenPackets.Packet golden = GoldenPackets.load(fixture).get(index);

        EofPacket eof = EofPacket.read(golden.reader());

        assertThat(eof).isEqualTo(new EofPacket(0, status));
        assertThat(EofPacket.is(golden.firstByte(), golden.payload().length)).isTrue();
        MySQLPayload written = new MySQLPayload(Unpooled.buffer());
        eof.write(written);
        assertThat(ByteBufUtil.hexDump(written.buf())).isEqualTo(golden.hex());
    }

    @Test
    void roundTripsWarningsAndFlags() {
        EofPacket eof = new EofPacket(65535, ServerStatus.IN_TRANS | ServerStatus.MORE_RESULTS_EXISTS);
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        eof.write(payload);

        assertThat(ByteBufUtil.hexDump(payload.buf())).isEqualTo("fe" + "ffff" + "0900");
        assertThat(EofPacket.read(payload)).isEqualTo(eof);
    }

    @Test
    void onlyAShortFeHeadedPacketIsAnEof() {
        assertThat(EofPacket.is(0xFE, 5)).isTrue();
        assertThat(EofPacket.is(0xFE, 1)).as("the pre-4.1 EOF").isTrue();
        assertThat(EofPacket.is(0xFE, 9)).as("a row whose first value has an 8-byte length").isFalse();
        assertThat(EofPacket.is(0x00, 5)).isFalse();
        assertThat(EofPacket.is(0xFF, 5)).isFalse();
    }

    @Test
    void aPacketThatIsNotAnEofIsRefused() {
        assertThatThrownBy(() -> EofPacket.read(GoldenPackets.load("ok-ping").single().reader()))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("not an EOF packet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fe", "fe00", "fe0000", "fe000002"})
    void aTruncatedEofIsMalformedNeverAnIndexError(String hex) {
        assertThatThrownBy(() -> EofPacket.read(payload(hex))).isInstanceOf(MalformedPacketException.class);
    }
}
