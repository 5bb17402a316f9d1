package io.tandem.it;

import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Logging in through the proxy with accounts of both authentication plugins on the backend, whichever plugin the
 * client starts with; and refusals that look exactly like the server's own, for a wrong password and an unknown
 * user alike, so a client cannot tell which it was.
 */
class ProxyAuthIT {

    private static Sandbox sandbox;
    private static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxFixture.start(Flavor.MYSQL, 1);
        SandboxFixture.execute(sandbox.primary(),
                "CREATE USER 'sha2'@'%' IDENTIFIED WITH caching_sha2_password BY 'sha2pw'",
                "CREATE USER 'native'@'%' IDENTIFIED WITH mysql_native_password BY 'nativepw'",
                "CREATE USER 'nopw'@'%' IDENTIFIED WITH caching_sha2_password",
                "GRANT SELECT ON *.* TO 'sha2'@'%'", "GRANT SELECT ON *.* TO 'native'@'%'",
                "GRANT SELECT ON *.* TO 'nopw'@'%'");
        proxy = ProxyFixture.start(sandbox, 4, ProxyUser.sameOnBackends("sha2", "sha2pw"),
                ProxyUser.sameOnBackends("native", "nativepw"), ProxyUser.sameOnBackends("nopw", ""));
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

    /** The proxy always completes caching_sha2_password on the fast path, so no client needs the server's RSA key. */
    @ParameterizedTest
    @CsvSource({
            "sha2, sha2pw, ''",
            "sha2, sha2pw, defaultAuthenticationPlugin=caching_sha2_password",
            "sha2, sha2pw, defaultAuthenticationPlugin=mysql_native_password",
            "sha2, sha2pw, defaultAuthenticationPlugin=mysql_native_password&allowPublicKeyRetrieval=true",
            "native, nativepw, ''",
            "native, nativepw, defaultAuthenticationPlugin=caching_sha2_password",
            "native, nativepw, defaultAuthenticationPlugin=mysql_native_password",
            "native, nativepw, defaultAuthenticationPlugin=caching_sha2_password&allowPublicKeyRetrieval=true",
            "nopw, '', ''",
            "nopw, '', defaultAuthenticationPlugin=mysql_native_password"})
    void eachAccountLogsInWithEitherClientPlugin(String user, String password, String options) throws Exception {
        try (Connection c = DriverManager.getConnection(proxy.url(options), user, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CURRENT_USER(), COUNT(*) FROM mysql.user WHERE user = '"
                     + user + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the backend account the proxy used").isEqualTo(user + "@%");
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    /** The message is compared with the server's own for the same login, the client's host aside. */
    @ParameterizedTest
    @CsvSource({
            "sha2, wrong, ''",
            "sha2, wrong, defaultAuthenticationPlugin=mysql_native_password",
            "native, sha2pw, ''",
            "native, wrong, defaultAuthenticationPlugin=mysql_native_password",
            "nobody, sha2pw, ''",
            "nobody, sha2pw, defaultAuthenticationPlugin=mysql_native_password",
            "nobody, '', ''",
            "nobody, '', defaultAuthenticationPlugin=mysql_native_password",
            "sha2, '', ''",
            "sha2, '', defaultAuthenticationPlugin=mysql_native_password",
            "nopw, wrong, ''"})
    void wrongPasswordsAndUnknownUsersAreRefusedAsTheServerRefusesThem(String user, String password, String options) {
        String using = password.isEmpty() ? "NO" : "YES";
        SQLException refused = refusal(proxy.url(options), user, password);
        assertThat(refused.getErrorCode()).isEqualTo(1045);
        assertThat(refused.getSQLState()).isEqualTo("28000");
        assertThat(refused.getMessage())
                .isEqualTo("Access denied for user '" + user + "'@'127.0.0.1' (using password: " + using + ")");
        SQLException direct = refusal("jdbc:mysql://" + sandbox.primary().layout().key() + "/?"
                + options + "&allowPublicKeyRetrieval=true", user, password);
        assertThat(List.of(refused.getErrorCode(), refused.getSQLState(), withoutHost(refused.getMessage())))
                .as("proxy vs server").isEqualTo(List.of(direct.getErrorCode(), direct.getSQLState(),
                        withoutHost(direct.getMessage())));
    }

    private static SQLException refusal(String url, String user, String password) {
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, user, password).close());
        assertThat((Throwable) refused).as("login of %s at %s", user, url).isNotNull();
        return refused;
    }

    private static String withoutHost(String message) {
        return message.replaceFirst("'@'[^']*'", "'@'(host)'");
    }
}
