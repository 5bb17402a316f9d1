package io.tandem.app.config;

import io.tandem.proxy.backend.BackendTls;
import io.tandem.topology.instance.InstanceKey;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and checks the {@code proxy:} section. */
final class ProxyConfigReader {

    private static final List<String> KEYS = List.of("bind", "port", "maxBackendConnections", "localInfile",
            "users", "primary", "tlsDirectory", "metricsPort", "backendTls", "routing", "monitor");

    private final CredentialsReader credentials;
    private final Path directory;

    ProxyConfigReader(CredentialsReader credentials, Path directory) {
        this.credentials = credentials;
        this.directory = directory;
    }

    Optional<ProxyConfig> read(ConfigReader node) {
        if (!node.mapping(KEYS).isPresent()) {
            return Optional.empty();
        }
        ConfigReader bind = node.get("bind");
        List<Credentials> users = users(node.get("users"));
        RoutingConfigReader.Routing routing = new RoutingConfigReader().read(node.get("routing"), users);
        return Optional.of(new ProxyConfig(
                bind.isPresent() ? bind.requiredText("an address to listen on, e.g. 0.0.0.0") : "0.0.0.0",
                (int) node.get("port").wholeNumber(6033, 1, 65535),
                (int) node.get("maxBackendConnections").wholeNumber(64, 1, 100_000),
                node.get("localInfile").bool(true),
                users,
                optionalKey(node.get("primary")),
                optionalPath(node.get("tlsDirectory")),
                node.get("metricsPort").isPresent()
                        ? Optional.of((int) node.get("metricsPort").wholeNumber(0, 1, 65535)) : Optional.empty(),
                backendTls(node.get("backendTls")),
                routing.settings(), routing.readYourWritesUsers(), credentials.read(node.get("monitor"))));
    }

    private static BackendTls backendTls(ConfigReader node) {
        if (!node.isPresent()) {
            return BackendTls.PREFERRED;
        }
        if (node.isBoolean()) {
            // YAML reads an unquoted off (or no/false) as a boolean
            return node.bool(true) ? BackendTls.PREFERRED : BackendTls.OFF;
        }
        String text = node.requiredText("off, preferred or verify");
        try {
            return BackendTls.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.error("'" + text + "' is not one of off, preferred, verify");
        }
    }

    private List<Credentials> users(ConfigReader node) {
        List<ConfigReader> items = node.elements("a list of accounts (user and one of password, passwordEnv,"
                + " passwordFile)");
        if (items.isEmpty()) {
            throw node.error("needs at least one account clients log in with, e.g. [{user: app, passwordEnv:"
                    + " APP_PASSWORD}]");
        }
        List<Credentials> users = new ArrayList<>();
        for (ConfigReader item : items) {
            Credentials user = credentials.read(item).orElseThrow(() -> item.error("is empty; expected user and"
                    + " one of password, passwordEnv, passwordFile"));
            if (users.stream().anyMatch(u -> u.user().equals(user.user()))) {
                throw item.error("repeats user '" + user.user() + "'");
            }
            users.add(user);
        }
        return users;
    }

    private static Optional<InstanceKey> optionalKey(ConfigReader node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        String text = node.requiredText("HOST:PORT of the primary");
        try {
            return Optional.of(InstanceKey.parse(text, 3306));
        } catch (IllegalArgumentException e) {
            throw node.error("'" + text + "' is not HOST:PORT: " + e.getMessage());
        }
    }

    private Optional<Path> optionalPath(ConfigReader node) {
        return node.isPresent() ? Optional.of(directory.resolve(node.requiredText("a folder"))) : Optional.empty();
    }
}
