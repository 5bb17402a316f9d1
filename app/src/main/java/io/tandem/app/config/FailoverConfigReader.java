package io.tandem.app.config;

import io.tandem.failover.analysis.AnalysisSettings;
import io.tandem.failover.analysis.PromotionRules;
import io.tandem.failover.recovery.Hooks;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code failover:}, the orchestrator's timing, detection bounds, recovery bounds, STONITH hook and
 * promotion rules. Every key is optional; an absent one keeps {@link FailoverConfig#DEFAULTS}.
 *
 * <pre>
 * failover:
 *   tickMs: 250
 *   probe: {connectTimeoutMs: 500, readTimeoutMs: 500, adminReadTimeoutMs: 5000}
 *   detection: {observerMaxAgeMs: 3000, maxLagMs: 10000, lagSampleMaxAgeMs: 3000}
 *   recovery: {lockTimeoutMs: 1000, antiFlappingMs: 600000, relayLogWaitMs: 5000, retryBackoffMs: 5000}
 *   stonith: {command: [/usr/local/bin/fence-mysql, --force], timeoutMs: 10000}
 *   promotion: {prefer: ["db2:3306"], never: ["db3:3306"]}
 *   journal: {retention: 10000}
 *   hooks: {preFailover: [bin/page-oncall], postFailover: [bin/update-dns], preSwitchover: [...], postSwitchover: [...],
 *           timeoutMs: 10000}
 * </pre>
 */
final class FailoverConfigReader {

    private static final List<String> KEYS = List.of("tickMs", "probe", "detection", "recovery", "stonith",
            "promotion", "journal", "hooks");
    private static final List<String> PROBE = List.of("connectTimeoutMs", "readTimeoutMs", "adminReadTimeoutMs");
    private static final List<String> DETECTION = List.of("observerMaxAgeMs", "maxLagMs", "lagSampleMaxAgeMs");
    private static final List<String> RECOVERY = List.of("lockTimeoutMs", "antiFlappingMs", "relayLogWaitMs",
            "retryBackoffMs");
    private static final List<String> STONITH = List.of("command", "timeoutMs");
    private static final List<String> PROMOTION = List.of("prefer", "never");
    private static final List<String> JOURNAL = List.of("retention");
    private static final List<String> HOOKS = List.of("preFailover", "postFailover", "preSwitchover", "postSwitchover",
            "timeoutMs");
    private static final long DAY_MS = 86_400_000;

    FailoverConfig read(ConfigReader node) {
        FailoverConfig defaults = FailoverConfig.DEFAULTS;
        if (!node.mapping(KEYS).isPresent()) {
            return defaults;
        }
        ConfigReader tickMs = node.get("tickMs");
        Duration tick = millis(tickMs, defaults.tick(), 50, 10_000);
        ConfigReader recovery = node.get("recovery").mapping(RECOVERY);
        ConfigReader stonith = node.get("stonith").mapping(STONITH);
        List<String> command = stonithCommand(stonith.get("command"));
        if (command.isEmpty() && stonith.get("timeoutMs").isPresent()) {
            throw stonith.get("timeoutMs").error("is set but " + stonith.get("command").path()
                    + " is not; there is no hook to time out");
        }
        return new FailoverConfig(tick, probe(node.get("probe")), detection(node.get("detection"), tickMs, tick),
                millis(recovery.get("lockTimeoutMs"), defaults.lockTimeout(), 1, 60_000),
                millis(recovery.get("antiFlappingMs"), defaults.antiFlapping(), 0, DAY_MS),
                millis(recovery.get("relayLogWaitMs"), defaults.relayLogWait(), 100, 600_000),
                millis(recovery.get("retryBackoffMs"), defaults.retryBackoff(), 100, 3_600_000),
                command, millis(stonith.get("timeoutMs"), defaults.stonithTimeout(), 100, 600_000),
                promotion(node.get("promotion")), journalRetention(node.get("journal")), hooks(node.get("hooks")));
    }

    /** The commands run around failovers and switchovers; each a program and its arguments. */
    private static Hooks hooks(ConfigReader node) {
        node.mapping(HOOKS);
        return new Hooks(command(node.get("preFailover")), command(node.get("postFailover")),
                command(node.get("preSwitchover")), command(node.get("postSwitchover")),
                millis(node.get("timeoutMs"), Hooks.NONE.timeout(), 100, 600_000));
    }

    /** How many journal entries to keep: at least 100 (a few recoveries' worth), or 0 to keep every entry. */
    private static int journalRetention(ConfigReader node) {
        ConfigReader retention = node.mapping(JOURNAL).get("retention");
        if (!retention.isPresent()) {
            return FailoverConfig.DEFAULTS.journalRetention();
        }
        long value = retention.wholeNumber(0, 0, 10_000_000);
        if (value != 0 && value < 100) {
            throw retention.error("(" + value + ") must be 0 (keep every entry) or between 100 and 10000000 entries");
        }
        return (int) value;
    }

    private static OrchestratorAssembly.Timeouts probe(ConfigReader node) {
        node.mapping(PROBE);
        OrchestratorAssembly.Timeouts defaults = FailoverConfig.DEFAULTS.probe();
        return new OrchestratorAssembly.Timeouts(
                millis(node.get("connectTimeoutMs"), defaults.connect(), 10, 60_000),
                millis(node.get("readTimeoutMs"), defaults.read(), 10, 60_000),
                millis(node.get("adminReadTimeoutMs"), defaults.adminRead(), 100, 600_000));
    }

    private static AnalysisSettings detection(ConfigReader node, ConfigReader tickMs, Duration tick) {
        node.mapping(DETECTION);
        AnalysisSettings defaults = FailoverConfig.DEFAULTS.detection();
        ConfigReader observerMaxAgeMs = node.get("observerMaxAgeMs");
        Duration observerMaxAge = millis(observerMaxAgeMs, defaults.observerMaxAge(), 100, 600_000);
        if (observerMaxAge.compareTo(tick) <= 0) {
            // observers report once per tick: with a shorter bound no report would count and no failover happen
            throw observerMaxAgeMs.error("(" + observerMaxAge.toMillis() + ") must be greater than "
                    + tickMs.path() + " (" + tick.toMillis() + "): observers report once per tick");
        }
        return new AnalysisSettings(observerMaxAge,
                millis(node.get("maxLagMs"), defaults.maxLag(), 1, DAY_MS),
                millis(node.get("lagSampleMaxAgeMs"), defaults.lagSampleMaxAge(), 100, 600_000));
    }

    private static List<String> stonithCommand(ConfigReader node) {
        return command(node);
    }

    /** A hook: the program and its arguments, at least the program; absent for none. */
    private static List<String> command(ConfigReader node) {
        if (!node.isPresent()) {
            return List.of();
        }
        List<ConfigReader> items = node.elements("a list of the program and its arguments, e.g."
                + " [/usr/local/bin/fence-mysql, --force]");
        if (items.isEmpty()) {
            throw node.error("needs at least the program to run, e.g. [/usr/local/bin/fence-mysql]"
                    + " (leave it out for no hook)");
        }
        List<String> command = new ArrayList<>(items.size());
        for (ConfigReader item : items) {
            command.add(item.requiredText(command.isEmpty() ? "the program to run" : "an argument"));
        }
        return command;
    }

    private static PromotionRules promotion(ConfigReader node) {
        node.mapping(PROMOTION);
        Map<InstanceKey, ConfigReader> prefer = instances(node.get("prefer"));
        Map<InstanceKey, ConfigReader> never = instances(node.get("never"));
        for (Map.Entry<InstanceKey, ConfigReader> entry : never.entrySet()) {
            ConfigReader preferred = prefer.get(entry.getKey());
            if (preferred != null) {
                throw entry.getValue().error("'" + entry.getKey() + "' is also listed at " + preferred.path()
                        + "; a server cannot be both preferred and never promoted, remove it from one list");
            }
        }
        return new PromotionRules(prefer.keySet(), never.keySet());
    }

    private static Map<InstanceKey, ConfigReader> instances(ConfigReader node) {
        Map<InstanceKey, ConfigReader> keys = new LinkedHashMap<>();
        for (ConfigReader item : node.elements("a list of HOST:PORT, e.g. [\"db2:3306\"]")) {
            InstanceKey key = item.instanceKey();
            if (keys.putIfAbsent(key, item) != null) {
                throw item.error("'" + key + "' is already listed");
            }
        }
        return keys;
    }

    private static Duration millis(ConfigReader node, Duration defaultValue, long min, long max) {
        return Duration.ofMillis(node.wholeNumber(defaultValue.toMillis(), min, max));
    }
}
