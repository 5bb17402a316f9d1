package io.tandem.app.command;

import io.tandem.app.config.ConfigLoader;
import io.tandem.app.config.Credentials;
import io.tandem.app.config.ProxyConfig;
import io.tandem.app.config.TandemConfig;
import io.tandem.app.metrics.PrometheusEndpoint;
import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.backend.BackendTargets;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.frontend.ProxyMetrics;
import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.proxy.metrics.MicrometerProxyMetrics;
import io.tandem.proxy.routing.ViewTargets;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tandem proxy --config tandem.yaml}: the MySQL-protocol proxy of a real deployment. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Runs the Tandem proxy: applications connect to it as to MySQL; it follows the cluster view in"
                + " ZooKeeper (or a fixed proxy.primary) and sends every statement to the primary.")
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
        CuratorFramework zooKeeper = null;
        BackendTargets targets;
        if (settings.primary().isPresent()) {
            targets = () -> settings.primary();
        } else {
            zooKeeper = ZooKeeperConnector.connect(tandem.zookeeper().connect(), tandem.zookeeper().sessionTimeout(),
                    tandem.zookeeper().connectionTimeout());
            ViewTargets view = new ViewTargets();
            new ClusterViewStore(zooKeeper, tandem.cluster()).subscribe(view);
            targets = view;
        }
        ProxyServer proxy = new ProxyServer(proxySettings(settings), users(settings.users()), targets,
                metrics == null ? ProxyMetrics.NONE : new MicrometerProxyMetrics(metrics.registry()),
                settings.tlsDirectory().map(dir -> TlsMaterial.selfSigned(dir, "tandem-proxy")).orElse(null)).start();
        System.out.printf("tandem proxy: listening on %s:%d for cluster '%s'%s%s%n", settings.bind(), proxy.port(),
                tandem.cluster(), settings.primary().map(p -> ", fixed primary " + p).orElse(", following ZooKeeper"),
                metrics == null ? "" : ", metrics on :" + metrics.port() + "/metrics");
        CuratorFramework zk = zooKeeper;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.shutdown(DRAIN);
            Optional.ofNullable(metrics).ifPresent(PrometheusEndpoint::close);
            Optional.ofNullable(zk).ifPresent(CuratorFramework::close);
        }, "tandem-proxy-stop"));
        new CountDownLatch(1).await();
        return 0;
    }

    private static ProxySettings proxySettings(ProxyConfig config) {
        PoolSettings pool = PoolSettings.DEFAULTS;
        return ProxySettings.defaults(config.port()).withHost(config.bind()).withLocalInfile(config.localInfile())
                .withBackendTls(config.backendTls())
                .withPool(new PoolSettings(config.maxBackendConnections(), pool.maxWaiters(), pool.acquireTimeout(),
                        pool.idleTimeout(), pool.maxLifetime()));
    }

    private static UserRegistry users(List<Credentials> accounts) {
        return new UserRegistry(accounts.stream()
                .map(a -> ProxyUser.sameOnBackends(a.user(), a.password().reveal())).toList());
    }
}
