package io.tandem.topology.store;

/** Told of each new cluster view, one at a time, in the order ZooKeeper versioned them. */
@FunctionalInterface
public interface ViewListener {

    void onView(VersionedView view);
}
