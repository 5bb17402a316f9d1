package io.tandem.proxy.frontend;

/**
 * An account clients log in to the proxy with, and the backend account the proxy uses for it (the same by
 * default: the backends check the application's privileges).
 *
 * @param readYourWrites this account's sessions always read their own writes (a connection can also ask with the
 *                       connection attribute {@code tandem.read_your_writes=on})
 */
public record ProxyUser(String name, String password, String backendUser, String backendPassword,
                        boolean readYourWrites) {

    public ProxyUser(String name, String password, String backendUser, String backendPassword) {
        this(name, password, backendUser, backendPassword, false);
    }

    public static ProxyUser sameOnBackends(String name, String password) {
        return new ProxyUser(name, password, name, password);
    }

    public ProxyUser withReadYourWrites(boolean next) {
        return new ProxyUser(name, password, backendUser, backendPassword, next);
    }

    @Override
    public String toString() {
        return name + " (backend " + backendUser + ")";
    }
}
