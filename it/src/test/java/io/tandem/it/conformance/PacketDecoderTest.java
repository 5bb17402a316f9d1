package io.tandem.it.conformance;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden packets, as captured from MySQL 8.0.31, decoded field by field. */
class PacketDecoderTest {

    private static Received packet(Role role, int sequenceId, String hex) {
        return new Received(role, new Packet(sequenceId, HexFormat.of().parseHex(hex)));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void okWithSessionStateChangesNamesEachChange() {
        // SET NAMES latin1 with CLIENT_SESSION_TRACK: one tracked system variable, then the state-change flag
        String variable = "14" + hex("character_set_client") + "06" + hex("latin1");
        String changes = "00" + "1c" + variable + "02" + "01" + "31";
        List<DecodedPacket> decoded = new PacketDecoder(true).decode(List.of(packet(Role.OK, 1,
                "00" + "00" + "00" + "0240" + "0000" + "00" + "21" + changes)));
        assertThat(decoded.get(0).toString()).isEqualTo("OK #1 {affected_rows=0, last_insert_id=0,"
                + " status=0x4002(AUTOCOMMIT|SESSION_STATE_CHANGED), warnings=0, info=,"
                + " track.sysvar.character_set_client=latin1, track.state_change=1}");
    }

    @Test
    void withoutSessionTrackTheInfoIsTheRestOfThePacket() {
        List<DecodedPacket> decoded = new PacketDecoder(false).decode(List.of(packet(Role.OK, 1,
                "00000022000000" + hex("Rows matched: 1"))));
        assertThat(decoded.get(0).toString()).isEqualTo("OK #1 {affected_rows=0, last_insert_id=0,"
                + " status=0x0022(AUTOCOMMIT|NO_INDEX_USED), warnings=0, info=Rows matched: 1}");
    }

    @Test
    void rowsAreDecodedUnderTheirColumnNamesInTextAndBinaryForm() {
        String columnDefinition = "03" + hex("def") + "00" + "00" + "00" + "06" + hex("@@port") + "00" + "0c" + "3f00"
                + "15000000" + "08" + "8000" + "00" + "0000";
        PacketDecoder decoder = new PacketDecoder(false);
        List<DecodedPacket> decoded = decoder.decode(List.of(packet(Role.COLUMN_COUNT, 1, "01"),
                packet(Role.COLUMN_DEFINITION, 2, columnDefinition), packet(Role.EOF, 3, "fe00000200"),
                packet(Role.TEXT_ROW, 4, "053234333036"), packet(Role.BINARY_ROW, 5, "0000" + "16f3000000000000"),
                packet(Role.BINARY_ROW, 6, "0004")));
        assertThat(decoded.get(1).toString()).contains("name=@@port", "charset=63", "type=LONGLONG",
                "flags=0x0080");
        assertThat(decoded.get(2).toString()).isEqualTo("EOF #3 {warnings=0, status=0x0002(AUTOCOMMIT)}");
        assertThat(decoded.get(3).toString()).isEqualTo("TEXT_ROW #4 {col:@@port=24306}");
        assertThat(decoded.get(4).toString()).isEqualTo("BINARY_ROW #5 {col:@@port=62230}");
        assertThat(decoded.get(5).toString()).isEqualTo("BINARY_ROW #6 {col:@@port=NULL}");
    }

    @Test
    void errAndUndecodablePacketsKeepEveryByte() {
        PacketDecoder decoder = new PacketDecoder(false);
        List<DecodedPacket> decoded = decoder.decode(List.of(
                packet(Role.ERR, 1, "ff7a04233432533032" + hex("Table 't' doesn't exist")),
                packet(Role.COLUMN_DEFINITION, 2, "fe00000200")));
        assertThat(decoded.get(0).toString()).isEqualTo("ERR #1 {code=1146, sql_state=42S02,"
                + " message=Table 't' doesn't exist}");
        assertThat(decoded.get(1).toString()).contains("undecodable=", "hex=fe00000200");
    }

    @Test
    void binaryTextIsShownInHexSoDifferentBytesNeverReadTheSame() {
        assertThat(PayloadReader.text(HexFormat.of().parseHex("e9"))).isEqualTo("0xe9");
        assertThat(PayloadReader.text("é".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("é");
    }
}
