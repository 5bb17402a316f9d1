package io.tandem.topology.probe;

import io.tandem.topology.instance.InstanceKey;

/**
 * One cheap, bounded question to a server: is it there, is it read-only, what has it executed. Called from a
 * dedicated probe thread, never from an event loop; it may block, but only up to its own timeouts.
 */
@FunctionalInterface
public interface InstanceProbe {

    /** @throws ProbeException when the server cannot be reached or does not answer in time */
    ProbeResult probe(InstanceKey key) throws ProbeException;
}
