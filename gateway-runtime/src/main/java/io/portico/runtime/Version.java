package io.portico.runtime;

/** The gateway's version, as shown in Via and Server headers and by {@code portico --version}. */
public final class Version {
    public static final String VERSION = "0.1.0";

    private Version() {
    }
}
