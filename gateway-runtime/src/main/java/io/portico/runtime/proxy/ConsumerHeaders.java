package io.portico.runtime.proxy;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;

/**
 * Kong's consumer headers, which tell the upstream who the caller is. Only the gateway may set them: copies sent
 * by the client are removed on every route before any plugin runs.
 */
final class ConsumerHeaders {
    static final String ID = "X-Consumer-ID";
    static final String CUSTOM_ID = "X-Consumer-Custom-ID";
    static final String USERNAME = "X-Consumer-Username";
    static final String CREDENTIAL = "X-Credential-Identifier";
    static final String ANONYMOUS = "X-Anonymous-Consumer";
    /** Set by the acl plugin; a client must not be able to claim groups either. */
    private static final String[] GROUPS = {"X-Consumer-Groups", "X-Authenticated-Groups"};

    private ConsumerHeaders() {
    }

    static void removeClientCopies(HeaderMap headers) {
        removeIdentity(headers);
        for (String name : GROUPS) {
            headers.remove(name);
        }
    }

    private static void removeIdentity(HeaderMap headers) {
        headers.remove(ID);
        headers.remove(CUSTOM_ID);
        headers.remove(USERNAME);
        headers.remove(CREDENTIAL);
        headers.remove(ANONYMOUS);
    }

    /** Sets the headers for a newly identified caller, replacing those of an earlier one. */
    static void apply(HeaderMap headers, Consumer consumer, Credential credential, boolean anonymous) {
        removeIdentity(headers);
        if (consumer != null) {
            headers.set(ID, consumer.id());
            if (consumer.customId() != null) {
                headers.set(CUSTOM_ID, consumer.customId());
            }
            if (consumer.username() != null) {
                headers.set(USERNAME, consumer.username());
            }
        }
        if (credential != null && credential.identifier() != null) {
            headers.set(CREDENTIAL, credential.identifier());
        }
        if (anonymous) {
            headers.set(ANONYMOUS, "true");
        }
    }
}
