package io.tandem.it.conformance;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * TLS for the conformance client, layered over its socket after the SSLRequest: the JDK's own client with the
 * JDK's default protocols and cipher suites. It trusts every certificate, as a client with
 * {@code --ssl-mode=REQUIRED} (no verification) does: the sandbox's servers and the proxy have self-signed ones,
 * and the harness compares the protocol, not certificates. Never a model for a real client.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html">
 *     Protocol::SSLRequest</a>
 */
final class ClientTls {

    private ClientTls() {
    }

    /** {@code plain} wrapped in TLS, its handshake done; closing the result closes {@code plain}. */
    static SSLSocket handshake(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) trustingEverything().getSocketFactory().createSocket(plain,
                plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(true);
        tls.setSoTimeout(plain.getSoTimeout());
        tls.startHandshake();
        return tls;
    }

    private static SSLContext trustingEverything() {
        TrustManager everything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // a client's own trust manager is never asked about clients
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // trusted: see the class comment
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {everything}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS client", e);
        }
    }
}
