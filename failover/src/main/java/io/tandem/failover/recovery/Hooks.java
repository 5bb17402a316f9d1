package io.tandem.failover.recovery;

import java.time.Duration;
import java.util.List;

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

    Hook pre(RecoveryKind kind) {
        return new Hook("pre-" + kind.label(), kind == RecoveryKind.SWITCHOVER ? preSwitchover : preFailover, timeout);
    }

    Hook post(RecoveryKind kind) {
        return new Hook("post-" + kind.label(), kind == RecoveryKind.SWITCHOVER ? postSwitchover : postFailover,
                timeout);
    }
}
