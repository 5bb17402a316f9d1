package io.tandem.proxy.session;

import io.netty.buffer.ByteBufUtil;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.packet.OkPacket;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class SessionChangesTest {

    private static final int TRACKING = Capabilities.PROTOCOL_41 | Capabilities.SESSION_TRACK;

    /** The session-state block of a captured OK. */
    private static byte[] block(String fixture) {
        return OkPacket.read(GoldenPackets.load(fixture).single().reader(), TRACKING).sessionState();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void aSetStatementChangesAVariableAndTheState() {
        SessionChanges changes = SessionChanges.parse(block("ok-set-sql-mode"));

        assertThat(changes.variables()).containsExactly(entry("sql_mode", "ANSI_QUOTES"));
        assertThat(changes.schema()).isNull();
        assertThat(changes.stateChanged()).isTrue();
        assertThat(changes.gtids()).isNull();
        assertThat(changes.untracked()).isFalse();
    }

    @Test
    void useChangesTheSchemaAndTheState() {
        SessionChanges changes = SessionChanges.parse(block("ok-use-mysql"));

        assertThat(changes.schema()).isEqualTo("mysql");
        assertThat(changes.variables()).isEmpty();
        assertThat(changes.stateChanged()).isTrue();
        assertThat(changes.untracked()).isFalse();
    }

    @Test
    void theStateChangeEntrysDataIsTheFlagItself() {
        // type 2, length 1, '1': not a length-encoded string nested in the entry as the other types have
        byte[] block = block("ok-set-user-variable");
        assertThat(ByteBufUtil.hexDump(block)).isEqualTo("020131");

        SessionChanges changes = SessionChanges.parse(block);

        assertThat(changes.stateChanged()).isTrue();
        assertThat(changes.untracked()).as("a user variable: nothing Tandem can replay explains it").isTrue();
    }

    @Test
    void readsVariablesSchemaAndStateChangeFromOneBlock() {
        // the entries as the server wrote them for SET sql_mode and USE mysql, in one block
        SessionChanges changes = SessionChanges.parse(concat(block("ok-set-sql-mode"), block("ok-use-mysql")));

        assertThat(changes.variables()).containsExactly(entry("sql_mode", "ANSI_QUOTES"));
        assertThat(changes.schema()).isEqualTo("mysql");
        assertThat(changes.stateChanged()).isTrue();
        assertThat(changes.untracked()).isFalse();
    }

    @Test
    void readsEveryVariableOfOneStatementInOrder() {
        SessionChanges changes = SessionChanges.parse(block("ok-session-track-enable"));

        assertThat(changes.variables()).containsExactly(
                entry("session_track_schema", "ON"),
                entry("session_track_state_change", "ON"),
                entry("session_track_system_variables", "*"));
        assertThat(changes.stateChanged()).as("state-change tracking was not on yet").isFalse();
    }

    @Test
    void readsTheStatementsOwnGtid() {
        SessionChanges changes = SessionChanges.parse(block("ok-insert-own-gtid"));

        assertThat(changes.gtids()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\\d+");
        assertThat(changes.variables()).isEmpty();
        assertThat(changes.stateChanged()).isFalse();
    }

    @Test
    void skipsTransactionEntries() {
        SessionChanges changes = SessionChanges.parse(block("ok-start-transaction-read-only"));

        assertThat(changes).isEqualTo(new SessionChanges(Map.of(), null, false, null));
    }

    @Test
    void variableNamesAreLowerCased() {
        // type 0, then the entry: lenenc "SQL_MODE", lenenc ""
        SessionChanges changes = SessionChanges.parse(ByteBufUtil.decodeHexDump("000a" + "0853514c5f4d4f4445" + "00"));

        assertThat(changes.variables()).containsExactly(entry("sql_mode", ""));
    }

    @Test
    void anEmptyBlockIsNoChange() {
        assertThat(SessionChanges.parse(new byte[0])).isSameAs(SessionChanges.NONE);
        assertThat(SessionChanges.NONE.untracked()).isFalse();
    }

    @Test
    void aTruncatedBlockIsMalformedNeverAnIndexError() {
        byte[] block = concat(block("ok-set-sql-mode"), block("ok-use-mysql"));
        for (int length = 1; length < block.length; length++) {
            if (length == 23 || length == 26 || length == 34) {
                continue; // ends after a whole entry: the variable, the state change, the schema
            }
            byte[] prefix = Arrays.copyOf(block, length);
            assertThatThrownBy(() -> SessionChanges.parse(prefix)).as("%d of %d bytes", length, block.length)
                    .isInstanceOf(MalformedPacketException.class);
        }
    }
}
