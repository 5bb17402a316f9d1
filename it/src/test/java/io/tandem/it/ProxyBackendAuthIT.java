package io.tandem.it;

import io.tandem.proxy.backend.BackendTls;
import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy logs in to a MySQL 8 backend whose caching_sha2_password cache is cold (full authentication): with
 * TLS it sends the password over the encrypted connection, without TLS it uses the server's RSA public key.
 */
class ProxyBackendAuthIT {

    @Test
    void fullAuthenticationWithAndWithoutTls() throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 0)) {
            for (BackendTls tls : new BackendTls[] {BackendTls.OFF, BackendTls.PREFERRED}) {
                // FLUSH PRIVILEGES empties caching_sha2_password's cache: the next login takes the full path
                SandboxFixture.execute(sandbox.primary(), "FLUSH PRIVILEGES");
                try (ProxyFixture proxy = ProxyFixture.start(sandbox, 2, tls);
                     Connection c = proxy.connect("sslMode=DISABLED&allowPublicKeyRetrieval=true");
                     Statement st = c.createStatement();
                     // SHOW STATUS describes the client's own connection to the proxy; the backend's is read here
                     ResultSet rs = st.executeQuery("SELECT VARIABLE_VALUE FROM performance_schema.session_status"
                             + " WHERE VARIABLE_NAME = 'Ssl_cipher'")) {
                    rs.next();
                    String cipher = rs.getString(1);
                    if (tls == BackendTls.OFF) {
                        assertThat(cipher).as("backend connection without TLS").isEmpty();
                    } else {
                        assertThat(cipher).as("backend connection with TLS").isNotEmpty();
                    }
                }
            }
        }
    }
}
