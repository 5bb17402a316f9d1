package io.tandem.proxy.protocol.packet;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.GoldenPackets;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPayload;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class HandshakeResponse41Test {

    private static final int CLIENT = Capabilities.LONG_PASSWORD | Capabilities.PROTOCOL_41
            | Capabilities.SECURE_CONNECTION | Capabilities.TRANSACTIONS | Capabilities.PLUGIN_AUTH
            | Capabilities.MULTI_RESULTS;

    private static MySQLPayload written(HandshakeResponse41 response) {
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());
        response.write(payload);
        return payload;
    }

    private static MySQLPayload payload(String hex) {
        return new MySQLPayload(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    private static byte[] scramble() {
        byte[] scramble = new byte[20];
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (i * 13 + 1);
        }
        return scramble;
    }

    @Test
    void readsARealClientsResponse() {
        HandshakeResponse41 response = HandshakeResponse41.read(
                GoldenPackets.load("handshake-response41-mariadb-client").single().reader());

        assertThat(response.capabilities()).isEqualTo(0x00bfa28d);
        assertThat(response.maxPacketSize()).isEqualTo(1L << 20);
        assertThat(response.characterSet()).as("utf8mb3_general_ci").isEqualTo(33);
        assertThat(response.user()).isEqualTo("cap");
        assertThat(response.authResponse()).as("a caching_sha2_password scramble").hasSize(32);
        assertThat(response.database()).isEqualTo("mysql");
        assertThat(response.authPlugin()).isEqualTo("caching_sha2_password");
        assertThat(response.attributes())
                .containsOnlyKeys("_os", "_client_name", "_pid", "_client_version", "_platform", "program_name",
                        "_server_host")
                .containsEntry("_client_name", "libmariadb")
                .containsEntry("_client_version", "3.3.20")
                .containsEntry("program_name", "mysql")
                .containsEntry("_server_host", "127.0.0.1");
    }

    @Test
    void rereadsARealClientsResponseAfterWritingIt() {
        HandshakeResponse41 response = HandshakeResponse41.read(
                GoldenPackets.load("handshake-response41-mariadb-client").single().reader());

        HandshakeResponse41 again = HandshakeResponse41.read(written(response));

        assertThat(again).usingRecursiveComparison().isEqualTo(response);
    }

    @Test
    void roundTripsConnectAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "tandem-proxy");
        attributes.put("program_name", "billing");
        attributes.put("note", "ünïcode and a value longer than two hundred and fifty bytes: " + "x".repeat(250));
        attributes.put("empty", "");
        HandshakeResponse41 response = new HandshakeResponse41(CLIENT | Capabilities.CONNECT_ATTRS, 1 << 30, 255,
                "app", scramble(), "shop", "mysql_native_password", attributes);

        HandshakeResponse41 seen = HandshakeResponse41.read(written(response));

        assertThat(seen.attributes()).isEqualTo(attributes);
        assertThat(seen.user()).isEqualTo("app");
        assertThat(seen.authResponse()).isEqualTo(scramble());
        assertThat(seen.database()).isEqualTo("shop");
        assertThat(seen.authPlugin()).isEqualTo("mysql_native_password");
        assertThat(seen.maxPacketSize()).isEqualTo(1 << 30);
        assertThat(seen.characterSet()).isEqualTo(255);
        assertThat(seen.capabilities()).as("written with the flags its fields need")
                .isEqualTo(response.capabilities() | Capabilities.CONNECT_WITH_DB
                        | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA);
    }

    @Test
    void roundTripsAResponseWithoutSchemaAttributesOrPassword() {
        HandshakeResponse41 response = new HandshakeResponse41(CLIENT, 1 << 24, 45, "nopass", null, null,
                "mysql_native_password", null);

        HandshakeResponse41 seen = HandshakeResponse41.read(written(response));

        assertThat(seen.database()).isNull();
        assertThat(seen.authResponse()).isEmpty();
        assertThat(seen.attributes()).isEmpty();
        assertThat(seen.authPlugin()).isEqualTo("mysql_native_password");
    }

    @Test
    void aResponseWithoutSchemaRoundTripsEvenWhenItsFlagsStillSayConnectWithDb() {
        // e.g. a client's flags kept for a COM_CHANGE_USER that names no schema: the plugin must not be read
        // back as the schema
        HandshakeResponse41 response = new HandshakeResponse41(CLIENT | Capabilities.CONNECT_WITH_DB, 1 << 24, 45,
                "app", scramble(), null, "mysql_native_password", null);

        HandshakeResponse41 seen = HandshakeResponse41.read(written(response));

        assertThat(seen.database()).isNull();
        assertThat(seen.authPlugin()).isEqualTo("mysql_native_password");
    }

    @Test
    void readsAnAuthResponseWithAOneByteLength() {
        // CLIENT_SECURE_CONNECTION without PLUGIN_AUTH_LENENC_CLIENT_DATA, as older clients send it
        String hex = "0da20f00" + "00000001" + "21" + "00".repeat(23) + "61707000" + "14"
                + ByteBufUtil.hexDump(scramble()) + "00" + ByteBufUtil.hexDump("mysql_native_password\0".getBytes());

        HandshakeResponse41 response = HandshakeResponse41.read(payload(hex));

        assertThat(response.user()).isEqualTo("app");
        assertThat(response.authResponse()).isEqualTo(scramble());
        assertThat(response.database()).as("CONNECT_WITH_DB with an empty schema").isNull();
        assertThat(response.authPlugin()).isEqualTo("mysql_native_password");
    }

    @Test
    void theSslRequestIsTheFixedPrefixWithClientSsl() {
        HandshakeResponse41 response = new HandshakeResponse41(CLIENT, 1 << 24, 255, "app", scramble(), null,
                "mysql_native_password", null);
        MySQLPayload payload = new MySQLPayload(Unpooled.buffer());

        response.writeSslRequest(payload);

        assertThat(payload.readableBytes()).isEqualTo(HandshakeResponse41.SSL_REQUEST_LENGTH);
        HandshakeResponse41 request = HandshakeResponse41.readSslRequest(payload);
        assertThat(request.capabilities()).isEqualTo(CLIENT | Capabilities.SSL);
        assertThat(request.maxPacketSize()).isEqualTo(1 << 24);
        assertThat(request.characterSet()).isEqualTo(255);
        assertThat(payload.readableBytes()).isZero();
    }

    @Test
    void aClientWithoutProtocol41IsRefused() {
        assertThatThrownBy(() -> HandshakeResponse41.readSslRequest(payload("05a00000" + "00000001" + "08"
                + "00".repeat(23))))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("CLIENT_PROTOCOL_41");
    }

    @Test
    void connectionAttributesLongerThanThePacketAreMalformed() {
        MySQLPayload payload = written(new HandshakeResponse41(CLIENT, 1 << 24, 255, "app", scramble(), null,
                "mysql_native_password", null));
        payload.buf().setIntLE(0, CLIENT | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_ATTRS);
        payload.writeIntLenenc(40).writeStringLenenc("_os").writeStringLenenc("Linux");

        assertThatThrownBy(() -> HandshakeResponse41.read(payload))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("connection attributes longer than the packet");
    }

    @Test
    void aTruncatedResponseIsMalformedNeverAnIndexError() {
        byte[] golden = GoldenPackets.load("handshake-response41-mariadb-client").single().payload();
        int authEnd = 32 + "cap\0".length() + 1 + 32;
        int databaseEnd = authEnd + "mysql\0".length();
        int pluginEnd = databaseEnd + "caching_sha2_password\0".length();
        // a packet may end after the auth response, the schema or the plugin; anywhere else it is cut short
        Set<Integer> whole = Set.of(authEnd, databaseEnd, pluginEnd);
        for (int length = 0; length < golden.length; length++) {
            MySQLPayload prefix = new MySQLPayload(Unpooled.wrappedBuffer(Arrays.copyOf(golden, length)));
            Throwable thrown = catchThrowable(() -> HandshakeResponse41.read(prefix));
            if (whole.contains(length)) {
                assertThat(thrown).as("%d of %d bytes", length, golden.length).isNull();
            } else {
                assertThat(thrown).as("%d of %d bytes", length, golden.length)
                        .isInstanceOf(MalformedPacketException.class);
            }
        }
    }
}
