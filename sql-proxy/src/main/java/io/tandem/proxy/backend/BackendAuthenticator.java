package io.tandem.proxy.backend;

import io.netty.buffer.ByteBufAllocator;
import io.tandem.proxy.auth.CachingSha2Password;
import io.tandem.proxy.auth.NativePassword;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.AuthMoreData;
import io.tandem.proxy.protocol.packet.AuthSwitchRequest;
import io.tandem.proxy.protocol.packet.ErrPacket;
import io.tandem.proxy.protocol.packet.HandshakeResponse41;
import io.tandem.proxy.protocol.packet.HandshakeV10;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client side of the connection phase towards a backend, as a state machine fed one packet at a time:
 * greeting → response → (auth switch | caching_sha2 fast-auth / full-auth with the server's RSA key) → OK.
 * It decides what to send; {@link BackendConnector} does the I/O.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection
 *     phase</a>
 */
final class BackendAuthenticator {

    /** What to do after a packet: send a reply, wait, or finish. */
    sealed interface Step permits Reply, StartTls, Wait, Done, Failed {
    }

    /** Send this SSLRequest, put TLS in place, then call {@link #tlsEstablished}. */
    record StartTls(MySQLFrame sslRequest) implements Step {
    }

    record Reply(MySQLFrame frame) implements Step {
    }

    record Wait() implements Step {
    }

    record Done(HandshakeV10 greeting, int capabilities) implements Step {
    }

    record Failed(String reason) implements Step {
    }

    private static final byte[] REQUEST_PUBLIC_KEY = {CachingSha2Password.REQUEST_PUBLIC_KEY};

    private final BackendCredentials credentials;
    private final int wantedCapabilities;
    private final int characterSet;
    private final ByteBufAllocator alloc;
    private final boolean tls;
    private HandshakeV10 greeting;
    private boolean encrypted;
    private int responseSequenceId;
    private int capabilities;
    private byte[] nonce;
    private String plugin;
    private boolean awaitingPublicKey;

    /** @param tls use TLS when the server offers it */
    BackendAuthenticator(BackendCredentials credentials, int wantedCapabilities, int characterSet,
                         ByteBufAllocator alloc, boolean tls) {
        this.tls = tls;
        this.credentials = credentials;
        this.wantedCapabilities = wantedCapabilities;
        this.characterSet = characterSet;
        this.alloc = alloc;
    }

    Step onPacket(MySQLFrame frame) {
        int first = frame.firstByte();
        if (first == ErrPacket.HEADER) {
            ErrPacket err = ErrPacket.read(frame.payload());
            return new Failed(err.toString());
        }
        if (greeting == null) {
            return greet(frame);
        }
        if (first == 0x00) {
            return new Done(greeting, capabilities);
        }
        if (first == AuthSwitchRequest.HEADER) {
            AuthSwitchRequest request = AuthSwitchRequest.read(frame.payload());
            plugin = request.plugin();
            nonce = request.data();
            return reply(frame.nextSequenceId(), scramble());
        }
        if (first == AuthMoreData.HEADER) {
            return moreData(frame, AuthMoreData.read(frame.payload()).data());
        }
        throw new MalformedPacketException("unexpected packet 0x" + Integer.toHexString(first)
                + " during authentication");
    }

    private Step greet(MySQLFrame frame) {
        greeting = HandshakeV10.read(frame.payload());
        capabilities = wantedCapabilities & greeting.capabilities();
        if (!Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
            return new Failed("server " + greeting.serverVersion() + " does not speak protocol 4.1");
        }
        nonce = greeting.nonce();
        plugin = greeting.authPlugin();
        responseSequenceId = frame.nextSequenceId();
        if (tls && Capabilities.has(greeting.capabilities(), Capabilities.SSL)) {
            capabilities |= Capabilities.SSL;
            HandshakeResponse41 request = new HandshakeResponse41(capabilities, 1 << 30, characterSet, null, null,
                    null, null, null);
            MySQLFrame sslRequest = new MySQLFrame(responseSequenceId++, alloc.ioBuffer(32));
            request.writeSslRequest(new io.tandem.proxy.protocol.MySQLPayload(sslRequest.content()));
            return new StartTls(sslRequest);
        }
        return response();
    }

    /** TLS is up: the handshake response follows, encrypted. */
    Reply tlsEstablished() {
        encrypted = true;
        return response();
    }

    private Reply response() {
        HandshakeResponse41 response = new HandshakeResponse41(capabilities, 1 << 30, characterSet,
                credentials.user(), scramble(), null, plugin, Map.of("_client_name", "tandem-proxy"));
        return new Reply(MySQLFrame.of(alloc, responseSequenceId, response));
    }

    private Step moreData(MySQLFrame frame, byte[] data) {
        if (awaitingPublicKey) {
            awaitingPublicKey = false;
            byte[] encrypted = CachingSha2Password.encryptPassword(password(), nonce,
                    CachingSha2Password.parsePublicKey(new String(data, StandardCharsets.US_ASCII)));
            return reply(frame.nextSequenceId(), encrypted);
        }
        if (data.length == 1 && data[0] == CachingSha2Password.FAST_AUTH_SUCCESS) {
            return new Wait();
        }
        if (data.length == 1 && data[0] == CachingSha2Password.PERFORM_FULL_AUTHENTICATION) {
            if (encrypted) {
                // over TLS the server takes the password itself, NUL-terminated
                byte[] password = password();
                return reply(frame.nextSequenceId(), java.util.Arrays.copyOf(password, password.length + 1));
            }
            // without TLS the password goes encrypted with the server's RSA public key
            awaitingPublicKey = true;
            return reply(frame.nextSequenceId(), REQUEST_PUBLIC_KEY);
        }
        return new Failed("unexpected auth data from " + plugin + " (" + data.length + " bytes)");
    }

    private byte[] scramble() {
        byte[] password = password();
        return switch (plugin) {
            case "caching_sha2_password" -> CachingSha2Password.scramble(password, nonce);
            case "mysql_native_password" -> NativePassword.scramble(password, nonce);
            default -> throw new MalformedPacketException("backend asks for unsupported auth plugin " + plugin
                    + "; use mysql_native_password or caching_sha2_password for " + credentials.user());
        };
    }

    private byte[] password() {
        return credentials.password().getBytes(StandardCharsets.UTF_8);
    }

    private Reply reply(int sequenceId, byte[] data) {
        return new Reply(new MySQLFrame(sequenceId, alloc.ioBuffer(data.length).writeBytes(data)));
    }
}
