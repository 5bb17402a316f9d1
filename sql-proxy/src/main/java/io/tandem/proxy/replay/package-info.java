/**
 * Bringing a pooled backend connection to what one session needs before its command runs there: the session's
 * replayable state ({@link io.tandem.proxy.replay.StateSync}), the session's last write ({@link
 * io.tandem.proxy.replay.GtidWait}), and the proxy's own session tracking after a client changed it ({@link
 * io.tandem.proxy.replay.TrackingRestore}). Above {@code backend} and {@code session}, below {@code frontend}: the
 * areas of the proxy depend on each other in one direction only (checked by ModuleBoundariesTest).
 */
package io.tandem.proxy.replay;
