package io.tandem.failover.recovery;

/** The account repointed replicas use to connect to their new source. */
public record ReplicationAccount(String user, String password) {

    public ReplicationAccount {
        if (user == null || user.isBlank() || password == null) {
            throw new IllegalArgumentException("a replication account needs a user and a password");
        }
    }

    @Override
    public String toString() {
        return "ReplicationAccount[user=" + user + ", password=****]";
    }
}
