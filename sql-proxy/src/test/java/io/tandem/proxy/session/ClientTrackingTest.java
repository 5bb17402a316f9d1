package io.tandem.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.MySQLPayload;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTrackingTest {

    private static final ClientTracking MYSQL_DEFAULT = ClientTracking.of(ServerDefaults.MYSQL_BUILT_IN, Map.of());

    /** An INSERT's block under the proxy's tracking: the state-change flag and the session's own GTID. */
    private static byte[] insertBlock() {
        return block(entry(2, lenenc("1")), entry(3, concat(new byte[] {0}, lenenc("3e11fa47-71ca-11e1-9e33-c80aa9429562:23"))));
    }

    @Test
    void aDefaultClientSeesNothingOfTheProxysOwnTracking() {
        assertThat(MYSQL_DEFAULT.filter(insertBlock())).isEmpty();
        assertThat(MYSQL_DEFAULT.filter(block(entry(0, concat(lenenc("sql_mode"), lenenc("ANSI_QUOTES")))))).isEmpty();
    }

    @Test
    void aDefaultClientKeepsTheVariablesItsServerTracksAndTheSchema() {
        byte[] timeZone = entry(0, concat(lenenc("time_zone"), lenenc("+01:00")));
        byte[] schema = entry(1, lenenc("shop"));
        byte[] sqlMode = entry(0, concat(lenenc("sql_mode"), lenenc("")));
        assertThat(MYSQL_DEFAULT.filter(block(sqlMode, timeZone, schema, entry(2, lenenc("1")))))
                .isEqualTo(block(timeZone, schema));
    }

    @Test
    void aClientsOwnSettingsWin() {
        ClientTracking all = ClientTracking.of(ServerDefaults.MYSQL_BUILT_IN, Map.of(
                "session_track_system_variables", "*", "session_track_state_change", "ON",
                "session_track_gtids", "OWN_GTID"));
        byte[] block = insertBlock();
        assertThat(all.filter(block)).isSameAs(block);
        ClientTracking none = ClientTracking.of(ServerDefaults.MYSQL_BUILT_IN, Map.of("session_track_schema", "OFF",
                "session_track_system_variables", ""));
        assertThat(none.filter(block(entry(1, lenenc("shop")),
                entry(0, concat(lenenc("autocommit"), lenenc("OFF")))))).isEmpty();
    }

    @Test
    void transactionEntriesPassOnlyTheClientCanHaveTurnedThemOn() {
        byte[] characteristics = entry(4, lenenc("START TRANSACTION READ ONLY;"));
        assertThat(MYSQL_DEFAULT.filter(block(characteristics))).isEqualTo(block(characteristics));
    }

    private static byte[] lenenc(String text) {
        ByteBuf buf = Unpooled.buffer();
        new MySQLPayload(buf).writeBytesLenenc(text.getBytes(StandardCharsets.UTF_8));
        return bytes(buf);
    }

    private static byte[] entry(int type, byte[] data) {
        ByteBuf buf = Unpooled.buffer();
        new MySQLPayload(buf).writeInt1(type).writeBytesLenenc(data);
        return bytes(buf);
    }

    private static byte[] block(byte[]... entries) {
        return concat(entries);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf buf = Unpooled.buffer();
        for (byte[] part : parts) {
            buf.writeBytes(part);
        }
        return bytes(buf);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
