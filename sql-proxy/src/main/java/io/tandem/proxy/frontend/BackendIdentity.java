package io.tandem.proxy.frontend;

import io.tandem.proxy.backend.BackendCredentials;
import io.tandem.proxy.backend.BackendKey;
import io.tandem.proxy.protocol.Capabilities;
import io.tandem.topology.instance.InstanceKey;

/**
 * Who a session is on its backend connections: the account it logs in as, and the pool key of a connection that
 * speaks what the client needs (the client's result-shaping capabilities and character set, on top of what the proxy
 * always asks for). Connections of the same identity are interchangeable.
 */
final class BackendIdentity {

    /** What every backend connection speaks, whatever the client: 4.1 auth, plugins, and state tracking. */
    private static final int BACKEND_BASE = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_ATTRS
            | Capabilities.SESSION_TRACK;

    private final BackendCredentials credentials;
    private final int capabilities;
    private final int characterSet;
    private BackendKey key;

    BackendIdentity(ProxyUser user, int clientCapabilities, int characterSet) {
        this.credentials = new BackendCredentials(user.backendUser(), user.backendPassword());
        this.capabilities = BACKEND_BASE | (clientCapabilities & Capabilities.RESULT_SHAPING);
        this.characterSet = characterSet;
    }

    BackendCredentials credentials() {
        return credentials;
    }

    /** The pool key for {@code server}, made once per server rather than per statement. */
    BackendKey key(InstanceKey server) {
        BackendKey cached = key;
        if (cached == null || !cached.server().equals(server)) {
            cached = new BackendKey(server, credentials.user(), capabilities, characterSet);
            key = cached;
        }
        return cached;
    }
}
