package io.tandem.proxy.protocol.packet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.auth.AuthNonce;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeV10Test {

    private static String written(HandshakeV10 greeting) {
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        greeting.write(payload);
        return ByteBufUtil.hexDump(payload.buf());
    }

    @Test
    void readsMySQLsGreeting() {
        GoldenPackets.Packet golden = GoldenPackets.load("mysql-8.0.31-handshake-v10").single();

        HandshakeV10 greeting = HandshakeV10.read(golden.reader());

        assertThat(golden.sequenceId()).isZero();
        assertThat(greeting.serverVersion()).isEqualTo("8.0.31");
        assertThat(greeting.connectionId()).isEqualTo(17);
        assertThat(greeting.capabilities()).isEqualTo(0xdfffffff);
        assertThat(greeting.characterSet()).as("utf8mb4_0900_ai_ci").isEqualTo(255);
        assertThat(greeting.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(greeting.authPlugin()).isEqualTo("caching_sha2_password");
    }

    @Test
    void theNonceIsTheTwentyBytesWithoutTheTrailingNul() {
        GoldenPackets.Packet golden = GoldenPackets.load("mysql-8.0.31-handshake-v10").single();
        byte[] payload = golden.payload();

        HandshakeV10 greeting = HandshakeV10.read(golden.reader());

        // protocol, "8.0.31\0", connection id: part one starts at 12; part two after the 19 fixed bytes that follow
        byte[] expected = new byte[20];
        System.arraycopy(payload, 12, expected, 0, 8);
        System.arraycopy(payload, 12 + 8 + 19, expected, 8, 12);
        assertThat(payload[12 + 8 + 19 + 12]).as("the NUL after the nonce").isZero();
        assertThat(greeting.nonce()).hasSize(AuthNonce.LENGTH).isEqualTo(expected).doesNotContain((byte) 0);
    }

    @Test
    void rewritesMySQLsGreetingByteForByte() {
        GoldenPackets.Packet golden = GoldenPackets.load("mysql-8.0.31-handshake-v10").single();

        assertThat(written(HandshakeV10.read(golden.reader()))).isEqualTo(golden.hex());
    }

    @Test
    void readsMariaDBsGreeting() {
        HandshakeV10 greeting = HandshakeV10.read(GoldenPackets.load("mariadb-10.11-handshake-v10").single().reader());

        assertThat(greeting.serverVersion()).isEqualTo("5.5.5-10.11.19-MariaDB-0+deb12u1-log");
        assertThat(greeting.connectionId()).isEqualTo(9);
        assertThat(greeting.nonce()).hasSize(AuthNonce.LENGTH).doesNotContain((byte) 0);
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.LONG_PASSWORD))
                .as("MariaDB clears CLIENT_MYSQL to announce its extended capabilities").isFalse();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.PROTOCOL_41)).isTrue();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.SESSION_TRACK)).isTrue();
        assertThat(Capabilities.has(greeting.capabilities(), Capabilities.DEPRECATE_EOF)).isTrue();
        assertThat(greeting.characterSet()).as("latin1_swedish_ci").isEqualTo(8);
        assertThat(greeting.statusFlags()).isEqualTo(ServerStatus.AUTOCOMMIT);
        assertThat(greeting.authPlugin()).isEqualTo("mysql_native_password");
    }

    @Test
    void rewritesMariaDBsGreetingWithoutItsExtendedCapabilities() {
        GoldenPackets.Packet golden = GoldenPackets.load("mariadb-10.11-handshake-v10").single();
        HandshakeV10 greeting = HandshakeV10.read(golden.reader());

        HandshakeV10 again = HandshakeV10.read(new MySQLPayload(Unpooled.wrappedBuffer(
                ByteBufUtil.decodeHexDump(written(greeting)))));

        assertThat(again).usingRecursiveComparison().isEqualTo(greeting);
        // the 10 reserved bytes carry MariaDB's extended capabilities in their last four; the proxy sends zeros
        assertThat(written(greeting).length()).isEqualTo(golden.hex().length());
    }

    @Test
    void roundTripsTheProxysOwnGreeting() {
        HandshakeV10 greeting = new HandshakeV10("8.0.31-tandem", 0xFFFF_FFFEL, AuthNonce.random(new SecureRandom()),
                Capabilities.PROXY_SERVER, 255, ServerStatus.AUTOCOMMIT, "mysql_native_password");

        HandshakeV10 seen = HandshakeV10.read(new MySQLPayload(Unpooled.wrappedBuffer(
                ByteBufUtil.decodeHexDump(written(greeting)))));

        assertThat(seen).usingRecursiveComparison().isEqualTo(greeting);
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        byte[] payload = GoldenPackets.load("mysql-8.0.31-handshake-v10").single().payload();
        payload[0] = 9;

        assertThatThrownBy(() -> HandshakeV10.read(new MySQLPayload(Unpooled.wrappedBuffer(payload))))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void aTruncatedGreetingIsMalformedNeverAnIndexError() {
        byte[] golden = GoldenPackets.load("mysql-8.0.31-handshake-v10").single().payload();
        int nonceEnd = 12 + 8 + 19 + 13;
        // everything up to the nonce's NUL is required; only the plugin name may be cut (or missing)
        for (int length = 0; length < nonceEnd; length++) {
            MySQLPayload prefix = new MySQLPayload(Unpooled.wrappedBuffer(Arrays.copyOf(golden, length)));
            assertThatThrownBy(() -> HandshakeV10.read(prefix)).as("%d of %d bytes", length, golden.length)
                    .isInstanceOf(MalformedPacketException.class);
        }
        HandshakeV10 withoutPlugin = HandshakeV10.read(new MySQLPayload(Unpooled.wrappedBuffer(
                Arrays.copyOf(golden, nonceEnd))));
        assertThat(withoutPlugin.authPlugin()).isEqualTo("mysql_native_password");
        assertThat(withoutPlugin.nonce()).hasSize(AuthNonce.LENGTH);
    }
}
