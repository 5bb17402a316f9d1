package io.tandem.proxy.backend;

import io.tandem.topology.instance.InstanceKey;

/**
 * What a pooled backend connection is interchangeable by: the server, the account, and the session properties
 * fixed at handshake (result-shaping capabilities, character set). Clients that differ in any of these get
 * connections from different pools.
 */
public record BackendKey(InstanceKey server, String user, int capabilities, int characterSet) {

    @Override
    public String toString() {
        return user + "@" + server + "/caps=" + Integer.toHexString(capabilities) + "/cs=" + characterSet;
    }
}
