package io.tandem.it;

import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.backend.BackendTls;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A proxy (with a self-signed certificate) on an ephemeral loopback port in front of a sandbox's primary. */
final class ProxyFixture implements AutoCloseable {

    private final Sandbox sandbox;
    private final ProxyServer proxy;

    private ProxyFixture(Sandbox sandbox, ProxyServer proxy) {
        this.sandbox = sandbox;
        this.proxy = proxy;
    }

    static ProxyFixture start(Sandbox sandbox, int maxBackendConnections, ProxyUser... extraUsers) {
        return start(sandbox, maxBackendConnections, BackendTls.PREFERRED, extraUsers);
    }

    static ProxyFixture start(Sandbox sandbox, int maxBackendConnections, BackendTls backendTls,
                              ProxyUser... extraUsers) {
        return start(sandbox, maxBackendConnections, settings -> settings.withBackendTls(backendTls), extraUsers);
    }

    /** As {@link #start(Sandbox, int, ProxyUser...)}, with {@code tuning} applied to the settings last. */
    static ProxyFixture start(Sandbox sandbox, int maxBackendConnections, UnaryOperator<ProxySettings> tuning,
                              ProxyUser... extraUsers) {
        List<ProxyUser> users = new ArrayList<>(List.of(ProxyUser.sameOnBackends(SandboxAccounts.CLIENT_USER,
                SandboxAccounts.CLIENT_PASSWORD)));
        users.addAll(List.of(extraUsers));
        ProxySettings settings = ProxySettings.defaults(0).withHost("127.0.0.1").withPool(new PoolSettings(
                maxBackendConnections, 10_000, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30)));
        TlsMaterial tls = TlsMaterial.selfSigned(SandboxFixture.folder("proxy-tls"), "tandem-it-proxy");
        ProxyServer proxy = new ProxyServer(tuning.apply(settings), new UserRegistry(users),
                () -> Optional.of(sandbox.primary().layout().key()), ProxyMetrics.NONE, tls).start();
        return new ProxyFixture(sandbox, proxy);
    }



    int port() {
        return proxy.port();
    }

    String url(String options) {
        return "jdbc:mysql://127.0.0.1:" + port() + "/" + (options.isEmpty() ? "" : "?" + options);
    }

    Connection connect(String options) throws SQLException {
        return DriverManager.getConnection(url(options), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
    }

    Connection direct(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + sandbox.primary().layout().key() + "/"
                + (options.isEmpty() ? "" : "?" + options), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
    }

    /** The proxy's graceful stop, as SIGTERM runs it. */
    void shutdown(Duration drain) {
        proxy.shutdown(drain);
    }

    @Override
    public void close() {
        proxy.close();
    }
}
