package io.tandem.app.config;

import io.tandem.proxy.routing.RoutingSettings;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code proxy.routing}: read/write splitting, the lag bound, read-only transactions, read-your-writes (for
 * everyone, or a list of accounts) and how long writes wait during a failover.
 *
 * <pre>
 * routing:
 *   readWriteSplit: true        # false: every statement to the primary
 *   maxLagMs: 1000              # replicas further behind serve no reads
 *   readOnlyTransactions: false # START TRANSACTION READ ONLY may run on a replica
 *   readYourWrites: [app]       # true (the default) for every account, false for none, or a list of accounts
 *   writeHoldMs: 10000          # writes wait this long for a failover, then get an error
 * </pre>
 */
final class RoutingConfigReader {

    private static final List<String> KEYS = List.of("readWriteSplit", "maxLagMs", "readOnlyTransactions",
            "readYourWrites", "writeHoldMs");

    /** The settings, and the accounts that read their own writes when not everyone does. */
    record Routing(RoutingSettings settings, Set<String> readYourWritesUsers) {
    }

    Routing read(ConfigReader node, List<Credentials> users) {
        RoutingSettings defaults = RoutingSettings.DEFAULTS;
        if (!node.mapping(KEYS).isPresent()) {
            return new Routing(defaults, Set.of());
        }
        ConfigReader ryw = node.get("readYourWrites");
        // absent: everyone (the default); true or false: everyone or no one; a list: those accounts only
        boolean everyone = !ryw.isPresent() ? defaults.readYourWrites() : ryw.isBoolean() && ryw.bool(false);
        Set<String> accounts = ryw.isPresent() && !ryw.isBoolean() ? accounts(ryw, users) : Set.of();
        RoutingSettings settings = defaults
                .withReadWriteSplit(node.get("readWriteSplit").bool(true))
                .withMaxLag(Duration.ofMillis(node.get("maxLagMs").wholeNumber(defaults.maxLag().toMillis(), 0,
                        86_400_000)))
                .withReadOnlyTransactions(node.get("readOnlyTransactions").bool(false))
                .withReadYourWrites(everyone)
                .withWriteHold(Duration.ofMillis(node.get("writeHoldMs").wholeNumber(
                        defaults.writeHold().toMillis(), 0, 600_000)));
        return new Routing(settings, accounts);
    }

    private static Set<String> accounts(ConfigReader node, List<Credentials> users) {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigReader item : node.elements("true, false, or a list of proxy accounts, e.g. [app]")) {
            String name = item.requiredText("a proxy account name");
            if (users.stream().noneMatch(u -> u.user().equals(name))) {
                throw item.error("names '" + name + "', which is not one of proxy.users");
            }
            names.add(name);
        }
        return names;
    }
}
