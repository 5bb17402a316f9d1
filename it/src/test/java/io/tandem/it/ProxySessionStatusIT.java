package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SHOW SESSION STATUS rows that describe the client's own connection (TLS cipher and version, compression) describe
 * the client's connection to the proxy, not the proxy's TLS connection to the backend that ran the statement.
 */
class ProxySessionStatusIT {

    private static final String SHOW = "SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version',"
            + " 'Compression', 'Uptime')";

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 0);
        proxy = ProxyFixture.start(sandbox, 4);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Map<String, String> status(Connection connection) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (connection; Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SHOW)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        return values;
    }

    @Test
    void aClientWithoutTlsSeesNoCipherAsDirectly() throws Exception {
        String options = "sslMode=DISABLED&allowPublicKeyRetrieval=true";
        Map<String, String> direct = status(proxy.direct(options));
        Map<String, String> proxied = status(proxy.connect(options));

        assertThat(direct).containsEntry("Ssl_cipher", "").containsEntry("Ssl_version", "");
        assertThat(proxied).containsEntry("Ssl_cipher", "").containsEntry("Ssl_version", "")
                .containsEntry("Compression", direct.get("Compression"));
        assertThat(proxied).as("other rows pass untouched").containsKey("Uptime");
    }

    @Test
    void aTlsClientSeesItsOwnCipherAndVersion() throws Exception {
        // TLS 1.2 with one cipher suite, while the proxy's connections to the backend negotiate TLS 1.3
        String options = "sslMode=REQUIRED&enabledTLSProtocols=TLSv1.2"
                + "&tlsCiphersuites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        Map<String, String> proxied = status(proxy.connect(options));

        assertThat(proxied).containsEntry("Ssl_version", "TLSv1.2")
                .containsEntry("Ssl_cipher", "ECDHE-RSA-AES128-GCM-SHA256");
    }
}
