package io.tandem.topology.discovery;

import io.tandem.topology.instance.InstanceKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What discovery found: every server it reached, the addresses that turned out to name a server already seen,
 * the ones it could not reach, and its verdict on the primary.
 *
 * @param instances reached servers by the address discovery first reached them under, in discovery order
 * @param aliases a second address of an already reached server, mapped to the first
 * @param unreachable addresses that could not be reached, with the driver's error
 * @param primary the single writable root, when there is exactly one
 */
public record DiscoveryResult(
        Map<InstanceKey, InstanceReport> instances,
        Map<InstanceKey, InstanceKey> aliases,
        Map<InstanceKey, String> unreachable,
        Optional<InstanceKey> primary,
        List<TopologyProblem> problems) {

    public DiscoveryResult {
        instances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(instances));
        aliases = Map.copyOf(aliases);
        unreachable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unreachable));
        problems = List.copyOf(problems);
    }

    /** The address discovery uses for {@code key}: itself, or the first address of the same server. */
    public InstanceKey canonical(InstanceKey key) {
        return aliases.getOrDefault(key, key);
    }

    public Optional<InstanceReport> report(InstanceKey key) {
        return Optional.ofNullable(instances.get(canonical(key)));
    }
}
