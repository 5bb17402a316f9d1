package io.tandem.proxy.backend;

/** The account and clear password the proxy uses towards backends for one client user. */
public record BackendCredentials(String user, String password) {

    @Override
    public String toString() {
        return user + "/****";
    }
}
