package io.tandem.proxy.frontend;

import io.netty.channel.Channel;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.SslHandler;
import io.tandem.proxy.protocol.codec.CompressedPacketEncoder;

import javax.net.ssl.SSLSession;
import java.util.Map;

/**
 * The session status variables that describe the client's own connection, valued for the client's connection to
 * the proxy rather than for the proxy's pooled connection to a backend: a client without TLS must not read the
 * backend's cipher in {@code Ssl_cipher}, nor a compressed client read OFF in {@code Compression}. The proxy
 * compresses with zlib at its default level, 6, which is what MySQL reports for a zlib connection.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-status-variables.html#statvar_Ssl_cipher">Ssl_cipher</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-status-variables.html#statvar_Compression">
 *     Compression</a>
 */
public final class ClientConnectionStatus {

    private ClientConnectionStatus() {
    }

    /** Variable name (as the server spells it) to the value for {@code client}'s connection. */
    public static Map<String, String> of(Channel client) {
        SslHandler tls = client.pipeline().get(SslHandler.class);
        SSLSession session = tls == null ? null : tls.engine().getSession();
        String cipher = session == null ? "" : openSslName(session.getCipherSuite());
        String version = session == null ? "" : session.getProtocol();
        boolean compressed = client.pipeline().get(CompressedPacketEncoder.class) != null;
        return Map.of("Ssl_cipher", cipher, "Ssl_version", version, "Compression", compressed ? "ON" : "OFF",
                "Compression_algorithm", compressed ? "zlib" : "", "Compression_level", compressed ? "6" : "0");
    }

    /** MySQL reports OpenSSL's cipher names (ECDHE-RSA-AES128-GCM-SHA256); TLS 1.3 names are the same in both. */
    private static String openSslName(String javaName) {
        String openSsl = CipherSuiteConverter.toOpenSsl(javaName, false);
        return openSsl == null ? javaName : openSsl;
    }
}
