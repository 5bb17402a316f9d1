package io.tandem.topology.flavor;

/**
 * The two server families Tandem manages. They differ in GTID format, replication statements and variable names.
 *
 * @see <a href="https://mariadb.com/kb/en/mariadb-vs-mysql-compatibility/">MariaDB versus MySQL compatibility</a>
 */
public enum Flavor {
    MYSQL,
    MARIADB;

    /** Tells the flavor from {@code SELECT @@version}: MariaDB says so in its version string, MySQL does not. */
    public static Flavor fromVersion(String version) {
        return version != null && version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
