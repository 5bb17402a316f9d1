package io.tandem.topology.discovery;

import io.tandem.topology.instance.InstanceKey;

import java.sql.SQLException;

/** Visits one server and reports what it says about itself and its neighbours. */
@FunctionalInterface
public interface InstanceReader {

    /** @throws SQLException when the server cannot be reached or refuses the queries */
    InstanceReport read(InstanceKey key) throws SQLException;
}
