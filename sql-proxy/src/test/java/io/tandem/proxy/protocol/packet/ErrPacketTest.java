package io.tandem.proxy.protocol.packet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerError;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrPacketTest {

    private static String written(ErrPacket err) {
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        err.write(payload);
        return ByteBufUtil.hexDump(payload.buf());
    }

    private static MySQLPayload payload(String hex) {
        return new MySQLPayload(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    @Test
    void readsTheServersError() {
        ErrPacket err = ErrPacket.read(GoldenPackets.load("err-select-nope").single().reader());

        assertThat(err.errorCode()).isEqualTo(1049);
        assertThat(err.sqlState()).isEqualTo("42000");
        assertThat(err.message()).isEqualTo("Unknown database 'nope'");
        assertThat(err).hasToString("ERROR 1049 (42000): Unknown database 'nope'");
    }

    @Test
    void writesWhatTheServerWrites() {
        GoldenPackets.Packet golden = GoldenPackets.load("err-select-nope").single();

        assertThat(written(new ErrPacket(1049, "42000", "Unknown database 'nope'"))).isEqualTo(golden.hex());
    }

    @Test
    void theProxysOwnErrorsCarryTheServersCodeAndState() {
        ErrPacket err = ErrPacket.of(ServerError.MALFORMED_PACKET, "Malformed communication packet: bad length");

        ErrPacket seen = ErrPacket.read(payload(written(err)));

        assertThat(seen).isEqualTo(new ErrPacket(1835, "HY000", "Malformed communication packet: bad length"));
    }

    @Test
    void roundTripsAMessageInUtf8() {
        ErrPacket err = new ErrPacket(1146, "42S02", "Table 'shop.bücher' doesn't exist");

        assertThat(ErrPacket.read(payload(written(err)))).isEqualTo(err);
    }

    @Test
    void anErrWithoutTheSqlStateMarkerDefaultsToHy000() {
        // pre-4.1 form, still sent by servers before the handshake (e.g. "Host is blocked")
        ErrPacket err = ErrPacket.read(payload("ff" + "6904" + ByteBufUtil.hexDump("Host blocked".getBytes())));

        assertThat(err).isEqualTo(new ErrPacket(1129, "HY000", "Host blocked"));
    }

    @Test
    void anErrWithOnlyItsCodeHasAnEmptyMessage() {
        assertThat(ErrPacket.read(payload("ff1904"))).isEqualTo(new ErrPacket(1049, "HY000", ""));
    }

    @Test
    void aPacketThatIsNotAnErrIsRefused() {
        assertThatThrownBy(() -> ErrPacket.read(GoldenPackets.load("ok-ping").single().reader()))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("not an ERR packet");
    }

    @Test
    void aTruncatedErrIsMalformedNeverAnIndexError() {
        byte[] golden = GoldenPackets.load("err-select-nope").single().payload();
        // header, half a code, the code, and the marker with part of the SQLSTATE
        for (int length : new int[] {0, 1, 2, 4, 5, 6, 7, 8}) {
            MySQLPayload prefix = new MySQLPayload(Unpooled.wrappedBuffer(Arrays.copyOf(golden, length)));
            assertThatThrownBy(() -> ErrPacket.read(prefix)).as("%d bytes", length)
                    .isInstanceOf(MalformedPacketException.class);
        }
    }
}
