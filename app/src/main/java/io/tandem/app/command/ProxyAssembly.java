package io.tandem.app.command;

import io.tandem.app.config.Credentials;
import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.proxy.observer.InstanceObserver;
import io.tandem.proxy.observer.ObserverSettings;
import io.tandem.proxy.routing.InstanceHealth;
import io.tandem.proxy.routing.ViewTargets;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.lag.LagSubscription;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.ViewSubscription;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy that follows the cluster view in ZooKeeper, as `tandem proxy` and `tandem sandbox` run it: the view
 * subscription, the lag samples, this proxy's instance observer (its report in {@code observers/<id>}) and the
 * proxy itself, started in that order and closed in reverse.
 */
final class ProxyAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyAssembly.class);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private ProxyServer proxy;

    private ProxyAssembly() {
    }

    /**
     * @param monitor the account the observer probes servers with; null runs no observer (routing then follows the
     *                view alone)
     */
    static ProxyAssembly start(CuratorFramework zooKeeper, String cluster, ProxySettings settings, UserRegistry users,
                               ProxyMetrics metrics, TlsMaterial tls, Credentials monitor) {
        ProxyAssembly assembly = new ProxyAssembly();
        try {
            assembly.assemble(zooKeeper, cluster, settings, users, metrics, tls, monitor);
            return assembly;
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    private void assemble(CuratorFramework zooKeeper, String cluster, ProxySettings settings, UserRegistry users,
                          ProxyMetrics metrics, TlsMaterial tls, Credentials monitor) {
        ClusterViewStore store = new ClusterViewStore(zooKeeper, cluster);
        ViewTargets targets = new ViewTargets();
        ViewSubscription subscription = store.subscribe(targets);
        parts.add(subscription);
        InstanceObserver observer = null;
        if (monitor != null) {
            LagSubscription lag = new LagStore(zooKeeper, store.paths()).subscribe();
            parts.add(lag);
            ObserverRegistration registration = new ObserverStore(zooKeeper, store.paths())
                    .register(observerId(settings), ObserverKind.PROXY);
            parts.add(registration);
            Flavor flavor = store.read().map(v -> v.view().flavor()).orElse(Flavor.MYSQL);
            observer = InstanceObserver.overJdbc(ObserverSettings.defaults(monitor.user(),
                    monitor.password().reveal()), flavor, targets::view, registration, lag::latest, Clock.systemUTC());
            parts.add(observer);
        } else {
            LOG.warn("proxy: no monitor account (proxy.monitor): routing follows the cluster view alone, without"
                    + " this proxy's own probes of read_only, reachability and lag");
        }
        InstanceHealth health = observer == null ? InstanceHealth.UNKNOWN : observer::observation;
        ProxySettings advertised = store.read().map(v -> settings.withServerVersionOf(v.view().flavor(),
                v.view().primary().instance().version())).orElse(settings);
        proxy = new ProxyServer(advertised, users, targets, health, metrics, tls);
        parts.add(proxy::close);
        proxy.start();
        if (observer != null) {
            observer.wire(targets, proxy.router().writes()).start();
            proxy.onServerLost(observer::probeSoon);
        }
    }

    /** host-port: unique per proxy process on a host, stable across its restarts. */
    private static String observerId(ProxySettings settings) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return ("proxy-" + host + "-" + settings.port()).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    ProxyServer proxy() {
        return proxy;
    }

    /** Drains the proxy, then stops the observer and the subscriptions. */
    void shutdown(Duration drain) {
        if (proxy != null) {
            proxy.shutdown(drain);
            parts.remove(parts.size() - 1); // the proxy's close, done by its shutdown
            proxy = null;
        }
        close();
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // boundary: closing one part must not keep the others open
                LOG.warn("proxy: closing {} failed: {}", parts.get(i), e.getMessage());
            }
        }
        parts.clear();
    }
}
