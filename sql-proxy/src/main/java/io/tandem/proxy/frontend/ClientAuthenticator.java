package io.tandem.proxy.frontend;

import io.tandem.proxy.auth.CachingSha2Password;
import io.tandem.proxy.auth.NativePassword;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a client's auth response. The proxy knows each user's password, so it can verify either plugin's scramble
 * against the nonce it sent, and for caching_sha2_password always takes the fast path. An unknown user is checked
 * against a dummy password so that both failures cost the same time and look the same.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html">
 *     Authentication methods</a>
 */
final class ClientAuthenticator {

    static final String CACHING_SHA2 = "caching_sha2_password";
    static final String NATIVE = "mysql_native_password";
    private static final byte[] DUMMY_PASSWORD = "tandem-no-such-user".getBytes(StandardCharsets.UTF_8);

    private final UserRegistry users;

    ClientAuthenticator(UserRegistry users) {
        this.users = users;
    }

    /** Whether the proxy can check a response made with {@code plugin}; otherwise it asks for mysql_native_password. */
    static boolean supports(String plugin) {
        return CACHING_SHA2.equals(plugin) || NATIVE.equals(plugin);
    }

    /**
     * Whether {@code response} carries no password: nothing, or for caching_sha2_password the single NUL byte that
     * clients such as Connector/J send for an empty password, which the server takes as no password too.
     */
    static boolean noPassword(String plugin, byte[] response) {
        return response.length == 0 || (CACHING_SHA2.equals(plugin) && response.length == 1 && response[0] == 0);
    }

    /** The user, if the response proves the password; empty for an unknown user or a wrong password alike. */
    Optional<ProxyUser> verify(String user, String plugin, byte[] response, byte[] nonce) {
        Optional<ProxyUser> found = users.find(user);
        byte[] password = found.map(u -> u.password().getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_PASSWORD);
        boolean ok = switch (plugin) {
            case CACHING_SHA2 -> password.length == 0 ? noPassword(plugin, response)
                    : CachingSha2Password.verifyFast(response, password, nonce);
            case NATIVE -> password.length == 0 ? response.length == 0
                    : NativePassword.verify(response, NativePassword.storedHash(password), nonce);
            default -> false;
        };
        return ok && found.isPresent() ? found : Optional.empty();
    }
}
