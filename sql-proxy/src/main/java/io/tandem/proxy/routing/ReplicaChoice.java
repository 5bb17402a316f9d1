package io.tandem.proxy.routing;

import io.tandem.topology.instance.InstanceKey;

/**
 * The replica a read goes to.
 *
 * @param confirmed the replica is known to have executed the session's last write (or there is none to wait for);
 *                  when false the read must first wait there for it, briefly
 */
public record ReplicaChoice(InstanceKey key, boolean confirmed) {
}
