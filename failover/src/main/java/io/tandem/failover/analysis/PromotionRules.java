package io.tandem.failover.analysis;

import io.tandem.topology.instance.InstanceKey;

import java.util.Set;

/**
 * A DBA's promotion rules: servers to prefer when candidates are otherwise equal, and servers never to promote.
 */
public record PromotionRules(Set<InstanceKey> prefer, Set<InstanceKey> never) {

    public static final PromotionRules NONE = new PromotionRules(Set.of(), Set.of());

    public PromotionRules {
        prefer = Set.copyOf(prefer);
        never = Set.copyOf(never);
        for (InstanceKey key : prefer) {
            if (never.contains(key)) {
                throw new IllegalArgumentException(key + " cannot be both preferred and never promoted");
            }
        }
    }

    public boolean preferred(InstanceKey key) {
        return prefer.contains(key);
    }

    public boolean forbidden(InstanceKey key) {
        return never.contains(key);
    }
}
