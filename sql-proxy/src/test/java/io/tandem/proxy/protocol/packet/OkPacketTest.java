package io.tandem.proxy.protocol.packet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class OkPacketTest {

    private static final int CLASSIC = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION;
    private static final int TRACKING = CLASSIC | Capabilities.SESSION_TRACK;
    private static final String INSERT_INFO = "Records: 2  Duplicates: 0  Warnings: 0";

    private static String written(OkPacket ok, int capabilities) {
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        ok.write(payload, capabilities);
        return ByteBufUtil.hexDump(payload.buf());
    }

    private static MySQLPayload payload(String hex) {
        return new MySQLPayload(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    @Test
    void readsAMultiRowInsertsInfoStringWithoutSessionTracking() {
        OkPacket ok = OkPacket.read(GoldenPackets.load("ok-insert-info").single().reader(), CLASSIC);

        assertThat(ok.header()).isEqualTo(OkPacket.HEADER);
        assertThat(ok.affectedRows()).isEqualTo(2);
        assertThat(ok.lastInsertId()).isZero();
        assertThat(ok.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(ok.warnings()).isZero();
        assertThat(ok.info()).as("the length prefix is not part of the text").isEqualTo(INSERT_INFO);
        assertThat(ok.sessionState()).isEmpty();
    }

    @Test
    void readsTheSameInfoWithSessionTracking() {
        OkPacket ok = OkPacket.read(GoldenPackets.load("ok-insert-info-session-track").single().reader(), TRACKING);

        assertThat(ok.affectedRows()).isEqualTo(2);
        assertThat(ok.info()).isEqualTo(INSERT_INFO);
        assertThat(ok.sessionState()).isEmpty();
    }

    @Test
    void readsTheSessionStateBlockOfASetStatement() {
        OkPacket ok = OkPacket.read(GoldenPackets.load("ok-set-sql-mode").single().reader(), TRACKING);

        assertThat(ok.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED);
        assertThat(ok.info()).isEmpty();
        assertThat(ByteBufUtil.hexDump(ok.sessionState()))
                .isEqualTo("00" + "15" + "0873716c5f6d6f6465" + "0b414e53495f51554f544553" + "02" + "01" + "31");
    }

    @Test
    void readsTheEofHeadedOkThatEndsRowsUnderDeprecateEof() {
        GoldenPackets response = GoldenPackets.load("resultset-select-deprecate-eof");
        GoldenPackets.Packet last = response.get(response.size() - 1);

        OkPacket ok = OkPacket.read(last.reader(), CLASSIC | Capabilities.DEPRECATE_EOF);

        assertThat(ok.header()).isEqualTo(OkPacket.EOF_HEADER);
        assertThat(ok.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(written(ok, CLASSIC | Capabilities.DEPRECATE_EOF)).isEqualTo(last.hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok-insert-info-session-track", "ok-session-track-enable", "ok-set-sql-mode",
            "ok-use-mysql", "ok-set-user-variable"})
    void rewritesEveryCapturedTrackingOkByteForByte(String fixture) {
        GoldenPackets.Packet golden = GoldenPackets.load(fixture).single();

        OkPacket ok = OkPacket.read(golden.reader(), TRACKING);

        assertThat(written(ok, TRACKING)).isEqualTo(golden.hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok-insert-info", "ok-ping"})
    void rewritesEveryCapturedClassicOkByteForByte(String fixture) {
        GoldenPackets.Packet golden = GoldenPackets.load(fixture).single();

        OkPacket ok = OkPacket.read(golden.reader(), CLASSIC);

        assertThat(written(ok, CLASSIC)).isEqualTo(golden.hex());
    }

    @Test
    void forAClientWithoutSessionTrackTheStateIsDroppedAndItsFlagCleared() {
        OkPacket ok = OkPacket.read(GoldenPackets.load("ok-use-mysql").single().reader(), TRACKING);

        String hex = written(ok, CLASSIC);

        assertThat(hex).isEqualTo("00" + "00" + "00" + "0200" + "0000");
        OkPacket seen = OkPacket.read(payload(hex), CLASSIC);
        assertThat(seen.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(seen.sessionState()).isEmpty();
    }

    @Test
    void forAClientWithoutSessionTrackTheInfoStaysLengthEncodedAsServersWriteIt() {
        // a tracking backend's OK relayed to a legacy client must look like what the server sends that client
        OkPacket tracked = new OkPacket(OkPacket.HEADER, 2, 0,
                ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED, 0, INSERT_INFO,
                ByteBufUtil.decodeHexDump("020131"));

        assertThat(written(tracked, CLASSIC)).isEqualTo(GoldenPackets.load("ok-insert-info").single().hex());
    }

    @Test
    void theStateChangedFlagIsClearedWhenThereIsNoStateToSend() {
        OkPacket flagOnly = new OkPacket(OkPacket.HEADER, 0, 0,
                ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED, 0, "", null);

        assertThat(written(flagOnly, TRACKING)).isEqualTo("00" + "00" + "00" + "0200" + "0000");
    }

    @Test
    void roundTripsLargeCountersWarningsInfoAndState() {
        OkPacket ok = new OkPacket(OkPacket.HEADER, 1L << 24, 251, ServerStatus.IN_TRANS
                | ServerStatus.SESSION_STATE_CHANGED, 3, "Rows matched: 1  Changed: 1  Warnings: 3",
                ByteBufUtil.decodeHexDump("0106056d7973716c"));

        OkPacket tracked = OkPacket.read(payload(written(ok, TRACKING)), TRACKING);
        OkPacket classic = OkPacket.read(payload(written(ok, CLASSIC)), CLASSIC);

        assertThat(tracked).usingRecursiveComparison().isEqualTo(ok);
        assertThat(classic).usingRecursiveComparison()
                .isEqualTo(new OkPacket(OkPacket.HEADER, 1L << 24, 251, ServerStatus.IN_TRANS, 3, ok.info(), null));
    }

    @Test
    void theProxysOwnOkIsSevenBytes() {
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        OkPacket.plain(ServerStatus.AUTOCOMMIT).write(payload);

        assertThat(ByteBufUtil.hexDump(payload.buf())).isEqualTo(GoldenPackets.load("ok-ping").single().hex());
    }

    @Test
    void anInfoWithoutALengthPrefixIsTakenAsTheRestOfThePacket() {
        // the manual's string<EOF>: a peer that follows it literally
        OkPacket ok = OkPacket.read(payload("00000002000000" + ByteBufUtil.hexDump("hello".getBytes())), CLASSIC);

        assertThat(ok.info()).isEqualTo("hello");
    }

    @Test
    void withStatusKeepsEverythingElse() {
        OkPacket ok = OkPacket.read(GoldenPackets.load("ok-set-sql-mode").single().reader(), TRACKING);

        OkPacket changed = ok.withStatus(ServerStatus.IN_TRANS);

        assertThat(changed.statusFlags()).isEqualTo(ServerStatus.IN_TRANS);
        assertThat(changed).usingRecursiveComparison().ignoringFields("statusFlags").isEqualTo(ok);
    }

    @Test
    void aPacketThatIsNotAnOkIsRefused() {
        assertThatThrownBy(() -> OkPacket.read(GoldenPackets.load("err-select-nope").single().reader(), TRACKING))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("0xff");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok-set-sql-mode", "ok-insert-info-session-track", "ok-session-track-enable"})
    void aTruncatedOkIsMalformedNeverAnIndexError(String fixture) {
        byte[] golden = GoldenPackets.load(fixture).single().payload();
        for (int length = 0; length < golden.length; length++) {
            byte[] prefix = Arrays.copyOf(golden, length);
            for (int capabilities : new int[] {CLASSIC, TRACKING}) {
                Throwable thrown = catchThrowable(() -> OkPacket.read(
                        new MySQLPayload(Unpooled.wrappedBuffer(prefix)), capabilities));
                // whole up to the warnings, or (tracking) up to an empty info: anything else is cut mid-field
                boolean whole = length >= 7 && (capabilities == CLASSIC || length == 7
                        || (length == 8 && golden[7] == 0));
                if (!whole) {
                    assertThat(thrown).as("%d of %d bytes", length, golden.length)
                            .isInstanceOf(MalformedPacketException.class);
                } else {
                    assertThat(thrown).as("%d of %d bytes", length, golden.length).isNull();
                }
            }
        }
    }
}
