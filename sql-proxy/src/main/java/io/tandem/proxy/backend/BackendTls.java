package io.tandem.proxy.backend;

/** TLS towards backends, as MySQL clients' sslMode: off, used when offered, or required with a verified certificate. */
public enum BackendTls {
    OFF,
    /** Encrypt when the server offers TLS, without checking its certificate (servers self-sign by default). */
    PREFERRED,
    /** Encrypt and check the certificate and host name against the JDK's trust store. */
    VERIFY
}
