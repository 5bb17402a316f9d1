package io.tandem.it;

import io.tandem.proxy.ProxyServer;
import io.tandem.proxy.ProxySettings;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.proxy.backend.PoolSettings;
import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.frontend.ProxyUser;
import io.tandem.proxy.frontend.UserRegistry;
import io.tandem.proxy.observer.InstanceObserver;
import io.tandem.proxy.observer.ObserverSettings;
import io.tandem.proxy.routing.ViewTargets;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.discovery.InstanceConnections;
import io.tandem.topology.discovery.ViewPublisher;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.lag.LagSubscription;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.store.ViewSubscription;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import org.apache.curator.framework.CuratorFramework;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A sandbox with replicas, its cluster view in the sandbox's ZooKeeper, and a proxy following that view with its
 * own instance observer (probes every 250 ms, its report in {@code observers/it-proxy}): what `tandem sandbox`
 * runs, with the test in control of the view. With {@code refresh}, member health is re-observed
 * every 250 ms as the sandbox does; without it, only the test writes views. The proxy offers clients TLS only when
 * it is given a certificate.
 */
final class RoutingFixture implements AutoCloseable {

    final Sandbox sandbox;
    final CuratorFramework zooKeeper;
    final ClusterViewStore store;
    final ViewTargets targets = new ViewTargets();
    private final InstanceConnections connections;
    private final ScheduledExecutorService scheduler;
    private final ViewSubscription subscription;
    final ProxyServer proxy;
    private final LagSubscription lag;
    private final InstanceObserver observer;
    private final ObserverRegistration registration;

    private RoutingFixture(Sandbox sandbox, boolean refresh, UnaryOperator<ProxySettings> tuning,
                           TlsMaterial clientTls) {
        this.sandbox = sandbox;
        String cluster = sandbox.spec().cluster();
        this.zooKeeper = ZooKeeperConnector.connect(sandbox.zooKeeperConnectString(), Duration.ofSeconds(15),
                Duration.ofSeconds(5));
        this.store = new ClusterViewStore(zooKeeper, cluster);
        this.connections = SandboxFixture.orchestratorConnections();
        ViewPublisher publisher = new ViewPublisher(cluster, sandbox.keys(), SandboxFixture.discovery(connections),
                store, Clock.systemUTC(), Duration.ofSeconds(1));
        publisher.publishInitial();
        this.scheduler = Executors.newSingleThreadScheduledExecutor();
        if (refresh) {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    publisher.refresh();
                } catch (RuntimeException e) {
                    // a server the test killed or stopped: the next refresh sees it again
                }
            }, 250, 250, TimeUnit.MILLISECONDS);
        }
        this.subscription = store.subscribe(targets);
        this.lag = new LagStore(zooKeeper, store.paths()).subscribe();
        this.registration = new ObserverStore(zooKeeper, store.paths()).register("it-proxy", ObserverKind.PROXY);
        this.observer = InstanceObserver.overJdbc(ObserverSettings.defaults(SandboxAccounts.ORCHESTRATOR_USER,
                        SandboxAccounts.ORCHESTRATOR_PASSWORD), sandbox.flavor(), targets::view,
                registration, lag::latest,
                Clock.systemUTC());
        ProxySettings settings = ProxySettings.defaults(0).withHost("127.0.0.1").withPool(new PoolSettings(8, 10_000,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(30)));
        VersionedView first = store.read().orElseThrow();
        settings = settings.withServerVersionOf(first.view().flavor(), first.view().primary().instance().version());
        this.proxy = new ProxyServer(tuning.apply(settings), new UserRegistry(List.of(ProxyUser.sameOnBackends(
                SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD))), targets, observer::observation,
                ProxyMetrics.NONE, clientTls).start();
        observer.wire(targets, proxy.router().writes()).start();
        proxy.onServerLost(observer::probeSoon);
    }

    static RoutingFixture start(int replicas, boolean refresh, UnaryOperator<ProxySettings> tuning) {
        return start(Flavor.MYSQL, replicas, refresh, tuning);
    }

    static RoutingFixture start(Flavor flavor, int replicas, boolean refresh, UnaryOperator<ProxySettings> tuning) {
        return start(flavor, replicas, refresh, tuning, null);
    }

    /** As {@link #start(Flavor, int, boolean, UnaryOperator)}; the proxy offers clients TLS with {@code clientTls}. */
    static RoutingFixture start(Flavor flavor, int replicas, boolean refresh, UnaryOperator<ProxySettings> tuning,
                                TlsMaterial clientTls) {
        Sandbox sandbox = SandboxFixture.start(flavor, replicas);
        try {
            return new RoutingFixture(sandbox, refresh, tuning, clientTls);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + proxy.port() + "/"
                + (options.isEmpty() ? "" : "?" + options), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
    }

    VersionedView view() {
        return store.read().orElseThrow();
    }

    /** The first view after {@code before} that names another primary under a later epoch, its failover over. */
    VersionedView awaitNewPrimary(VersionedView before, Duration timeout) throws Exception {
        return Await.until("a new primary published", timeout, this::view,
                v -> v.view().epoch() > before.view().epoch() && !v.view().failoverInProgress()
                        && !v.view().primaryKey().equals(before.view().primaryKey()));
    }

    /** Prints the journal from {@code fromMillis} (epoch millis) on, each event at its offset: a failover timeline. */
    void printJournalSince(String prefix, long fromMillis) {
        new ClusterJournal(zooKeeper, sandbox.spec().cluster()).readSince(-1).stream()
                .map(JournalEntry::event).filter(e -> e.at().toEpochMilli() >= fromMillis)
                .forEach(e -> System.out.printf("%s: +%d ms %s %s%n", prefix, e.at().toEpochMilli() - fromMillis,
                        e.type(), e.message()));
    }

    ServerProcess server(InstanceKey key) {
        return sandbox.servers().stream().filter(s -> s.layout().key().equals(key)).findFirst().orElseThrow();
    }

    /** Writes {@code next} over the current view, as the leader orchestrator would. */
    VersionedView publish(UnaryOperator<ClusterView> change) {
        VersionedView current = view();
        return store.compareAndSet(current, change.apply(current.view()));
    }

    /**
     * The application account logs in with mysql_native_password on MySQL too (MariaDB's default), so that a raw
     * client, which speaks only that plugin, can log in directly as well as through the proxy.
     */
    void nativePasswordForClients() throws SQLException {
        if (sandbox.flavor() == Flavor.MYSQL) {
            execute(sandbox.primary(), "ALTER USER '" + SandboxAccounts.CLIENT_USER + "'@'%' IDENTIFIED WITH"
                    + " mysql_native_password BY '" + SandboxAccounts.CLIENT_PASSWORD + "'");
        }
    }

    /** What the proxy's own observer last saw of {@code key}: what read-your-writes knows of that server. */
    io.tandem.proxy.routing.Observation observed(InstanceKey key) {
        return observer.observation(key).orElseThrow(() -> new AssertionError("the proxy never observed " + key));
    }

    int primaryPort() {
        return sandbox.primary().layout().key().port();
    }

    List<Integer> replicaPorts() {
        return sandbox.replicas().stream().map(r -> r.layout().key().port()).toList();
    }

    /** The first column of the first row of {@code sql}, as an int: {@code @@port} tells where it ran. */
    static int intOf(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getInt(1);
        }
    }

    static void execute(ServerProcess server, String... statements) throws SQLException {
        SandboxFixture.execute(server, statements);
    }

    @Override
    public void close() {
        proxy.close();
        observer.close();
        registration.close();
        lag.close();
        subscription.close();
        scheduler.shutdownNow();
        connections.close();
        zooKeeper.close();
        sandbox.close();
    }
}
