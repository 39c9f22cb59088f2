package io.portico.plugin;

import java.util.Set;

/**
 * Optional interface of an auth {@link Plugin}: the request headers it reads credentials from. The gateway uses it
 * to know which headers carry a client's credentials (e.g. what {@code aggregate} forwards to its calls).
 */
public interface CredentialHeaders {

    /** The header names, any case. */
    Set<String> credentialHeaders();
}
