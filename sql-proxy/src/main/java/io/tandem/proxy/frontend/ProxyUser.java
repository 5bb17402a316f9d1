package io.tandem.proxy.frontend;

/**
 * An account clients log in to the proxy with, and the backend account the proxy uses for it (the same by
 * default: the backends check the application's privileges).
 */
public record ProxyUser(String name, String password, String backendUser, String backendPassword) {

    public static ProxyUser sameOnBackends(String name, String password) {
        return new ProxyUser(name, password, name, password);
    }

    @Override
    public String toString() {
        return name + " (backend " + backendUser + ")";
    }
}
