package io.tandem.app.command;

import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.ProxyConfig;
import io.tandem.app.config.TandemConfig;
import io.tandem.app.metrics.PrometheusEndpoint;
import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.routing.BackendTargets;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.proxy.metrics.MicrometerProxyMetrics;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tandem proxy --config tandem.yaml}: the MySQL-protocol proxy of a real deployment. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Runs the Tandem proxy: applications connect to it as to MySQL; it follows the cluster view in"
                + " ZooKeeper, sends writes, transactions and anything unsafe to the primary and spreads autocommit"
                + " reads over replicas within proxy.routing.maxLagMs (with a fixed proxy.primary, everything goes"
                + " there).")
public final class ProxyCommand implements Callable<Integer> {

    private static final Duration DRAIN = Duration.ofSeconds(10);

    @Option(names = "--config", required = true, description = "tandem.yaml with a proxy: section")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        TandemConfig tandem = new ConfigLoader().load(config);
        ProxyConfig settings = tandem.proxy().orElseThrow(() -> new IllegalArgumentException(config
                + " has no proxy: section; add one, e.g. proxy: {port: 6033, users: [{user: app, passwordEnv:"
                + " APP_PASSWORD}]}"));
        PrometheusEndpoint metrics = settings.metricsPort().map(p -> PrometheusEndpoint.start(settings.bind(), p))
                .orElse(null);
        ProxyMetrics proxyMetrics = metrics == null ? ProxyMetrics.NONE : new MicrometerProxyMetrics(metrics.registry());
        TlsMaterial tls = settings.tlsDirectory().map(dir -> TlsMaterial.selfSigned(dir, "tandem-proxy")).orElse(null);
        CuratorFramework zooKeeper = null;
        ProxyServer proxy;
        ProxyAssembly assembly = null;
        if (settings.primary().isPresent()) {
            BackendTargets fixed = () -> settings.primary();
            proxy = new ProxyServer(proxySettings(settings), users(settings), fixed, proxyMetrics, tls).start();
        } else {
            zooKeeper = ZooKeeperConnector.connect(tandem.zookeeper().connect(), tandem.zookeeper().sessionTimeout(),
                    tandem.zookeeper().connectionTimeout());
            assembly = ProxyAssembly.start(zooKeeper, tandem.cluster(), proxySettings(settings), users(settings),
                    proxyMetrics, tls, settings.monitor().orElse(null));
            proxy = assembly.proxy();
        }
        System.out.printf("tandem proxy: listening on %s:%d for cluster '%s'%s%s%n", settings.bind(), proxy.port(),
                tandem.cluster(), settings.primary().map(p -> ", fixed primary " + p).orElse(", following ZooKeeper"),
                metrics == null ? "" : ", metrics on :" + metrics.port() + "/metrics");
        CuratorFramework zk = zooKeeper;
        ProxyAssembly assembled = assembly;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (assembled != null) {
                assembled.shutdown(DRAIN);
            } else {
                proxy.shutdown(DRAIN);
            }
            Optional.ofNullable(metrics).ifPresent(PrometheusEndpoint::close);
            Optional.ofNullable(zk).ifPresent(CuratorFramework::close);
        }, "tandem-proxy-stop"));
        new CountDownLatch(1).await();
        return 0;
    }

    private static ProxySettings proxySettings(ProxyConfig config) {
        PoolSettings pool = PoolSettings.DEFAULTS;
        return ProxySettings.defaults(config.port()).withHost(config.bind()).withLocalInfile(config.localInfile())
                .withBackendTls(config.backendTls()).withRouting(config.routing())
                .withPool(new PoolSettings(config.maxBackendConnections(), pool.maxWaiters(), pool.acquireTimeout(),
                        pool.idleTimeout(), pool.maxLifetime()));
    }

    private static UserRegistry users(ProxyConfig config) {
        return new UserRegistry(config.users().stream()
                .map(a -> ProxyUser.sameOnBackends(a.user(), a.password().reveal())
                        .withReadYourWrites(config.readYourWritesUsers().contains(a.user()))).toList());
    }
}
