package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands run around failovers and switchovers (config {@code failover.hooks}): a pre-hook runs after the
 * recovery is verified and before anything changes, and a failing or hanging one stops the recovery with nothing
 * changed; a post-hook runs once the new primary is published, and its failure is journaled, not fatal. Each gets
 * its context as JSON on stdin: {@code event}, {@code cluster}, {@code oldPrimary}, {@code newPrimary},
 * {@code epoch}, {@code id}, and {@code requestedBy} for a switchover.
 *
 * @param timeout how long any hook may run
 */
public record Hooks(List<String> preFailover, List<String> postFailover, List<String> preSwitchover,
                    List<String> postSwitchover, Duration timeout) {

    public static final Hooks NONE = new Hooks(List.of(), List.of(), List.of(), List.of(), Duration.ofSeconds(10));

    public Hooks {
        preFailover = List.copyOf(preFailover);
        postFailover = List.copyOf(postFailover);
        preSwitchover = List.copyOf(preSwitchover);
        postSwitchover = List.copyOf(postSwitchover);
    }

    /** What every pre- and post-hook reads on stdin, in this order (a switchover adds who asked). */
    static Map<String, Object> context(String event, String cluster, InstanceKey oldPrimary, InstanceKey newPrimary,
                                       long epoch, String id) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("event", event);
        context.put("cluster", cluster);
        context.put("oldPrimary", oldPrimary.toString());
        context.put("newPrimary", newPrimary.toString());
        context.put("epoch", epoch);
        context.put("id", id);
        return context;
    }

    Hook pre(RecoveryKind kind) {
        return new Hook("pre-" + kind.label(), kind == RecoveryKind.SWITCHOVER ? preSwitchover : preFailover, timeout);
    }

    Hook post(RecoveryKind kind) {
        return new Hook("post-" + kind.label(), kind == RecoveryKind.SWITCHOVER ? postSwitchover : postFailover,
                timeout);
    }
}
