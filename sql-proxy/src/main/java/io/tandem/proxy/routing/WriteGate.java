package io.tandem.proxy.routing;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds statements that need the primary while no primary may take them: the view says a failover is in progress,
 * or the primary of the view reports {@code read_only=ON}. Waiters are woken on their own event loop when the view
 * or an observation changes, and refused when their deadline passes. Nothing blocks a thread.
 */
public final class WriteGate {

    private final BackendTargets targets;
    private final InstanceHealth health;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** The primary that refused a write as read-only, and the epoch this proxy followed then; null for none. */
    private volatile Refusal refusal;

    private record Refusal(InstanceKey primary, long epoch, long atNanos) {
    }

    /** How long a read-only refusal holds writes when no new view comes: an operator's read_only, not a switchover. */
    static final Duration REFUSAL_HOLD = Duration.ofSeconds(2);

    public WriteGate(BackendTargets targets, InstanceHealth health) {
        this.targets = targets;
        this.health = health;
        targets.onChange(this::changed);
    }

    /** Why writes must wait now, or null when the primary may take them. */
    public String holdReason() {
        if (targets.failoverInProgress()) {
            return "a failover is in progress (epoch " + targets.epoch() + ")";
        }
        Optional<InstanceKey> primary = targets.primary();
        Refusal refused = refusal;
        if (refused != null) {
            if (refused.epoch() == targets.epoch() && primary.map(refused.primary()::equals).orElse(false)
                    && System.nanoTime() - refused.atNanos() < REFUSAL_HOLD.toNanos()) {
                return "the primary " + refused.primary() + " refused a write as read-only (epoch " + refused.epoch()
                        + ")";
            }
            refusal = null;
        }
        if (primary.isPresent()) {
            Optional<Observation> seen = health.of(primary.get());
            if (seen.isPresent() && Boolean.TRUE.equals(seen.get().readOnly())) {
                return "the primary " + primary.get() + " reports read_only=ON";
            }
        }
        return null;
    }

    /**
     * The primary of epoch {@code epoch} refused a write as read-only: writes wait until the view changes (a
     * switchover publishes the next epoch) or, with no new view, for {@link #REFUSAL_HOLD} at most.
     */
    public void refused(InstanceKey primary, long epoch) {
        refusal = new Refusal(primary, epoch, System.nanoTime());
    }

    /**
     * Runs {@code retry} on {@code loop} when writes may flow again, or {@code expired} once {@code timeoutNanos}
     * have passed; exactly one of the two runs.
     */
    public void await(EventExecutor loop, long timeoutNanos, Runnable retry, Runnable expired) {
        Waiter waiter = new Waiter(loop, retry);
        waiters.add(waiter);
        waiter.timeout = loop.schedule(() -> {
            if (waiter.claim()) {
                waiters.remove(waiter);
                expired.run();
            }
        }, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        Refusal refused = refusal;
        if (refused != null) {
            // a refusal ends by itself, with no event to wake anyone: look again when it does
            long left = REFUSAL_HOLD.toNanos() - (System.nanoTime() - refused.atNanos());
            loop.schedule(this::changed, Math.max(0, left) + TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        }
        if (holdReason() == null) {
            changed(); // it opened between the caller's check and the enqueue
        }
    }

    /** The view or an observation changed: wake every waiter to look again. */
    public void changed() {
        if (waiters.isEmpty() || holdReason() != null) {
            return;
        }
        for (Waiter waiter = waiters.poll(); waiter != null; waiter = waiters.poll()) {
            if (waiter.claim()) {
                waiter.wake();
            }
        }
    }

    /** Statements waiting now. */
    public int waiting() {
        return waiters.size();
    }

    private static final class Waiter {
        private final EventExecutor loop;
        private final Runnable retry;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        Waiter(EventExecutor loop, Runnable retry) {
            this.loop = loop;
            this.retry = retry;
        }

        boolean claim() {
            return done.compareAndSet(false, true);
        }

        void wake() {
            ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            loop.execute(retry);
        }
    }
}
