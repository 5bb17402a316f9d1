package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a flavor's server binaries come from and how to run them: MySQL from the Maven artifact unpacked into a
 * cache, MariaDB from the operating system's packages.
 */
public sealed interface ServerDistribution permits MySqlDistribution, MariaDbDistribution {

    Flavor flavor();

    /** A description for logs, e.g. {@code MySQL 8.0.31 (~/.cache/tandem/mysql-8.0.31)}. */
    String describe();

    /**
     * A freshly initialised data directory with an empty root password, made once and copied for every server.
     * Copies must not share server identity: {@link #identityFiles()} are removed from each copy.
     */
    Path templateDataDir();

    /** Files of a data directory that give a server its identity and must not be copied (MySQL's auto.cnf). */
    List<String> identityFiles();

    /** The command line that runs one server in the foreground. */
    List<String> serverCommand(ServerLayout layout);

    /** Whether the server process must be told to run as root (mysqld and mariadbd refuse root otherwise). */
    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
