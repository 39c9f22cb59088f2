package io.portico.plugin;

import java.util.Set;

/**
 * Calls to the services of the config in force, from inside a request, for plugins that compose answers (such as
 * {@code aggregate}). Get it from {@link PluginContext#serviceCalls()}.
 *
 * <p>A call can only name a service of the config: there is no way to send one to a URL. It is a request of the
 * same client as the outer one: it passes the target service's own plugin chain (its authentication, limits and
 * transformations apply), carries the headers the caller puts in it and the outer request's client address, and
 * never carries forwarding headers ({@code X-Forwarded-*}, {@code Forwarded}, {@code X-Real-IP}): the gateway sets
 * those itself from what it knows.
 */
public interface ServiceCalls {

    /**
     * Checks, when the config loads, that a call to that service (and route) can be made.
     *
     * @param service the service's name or id
     * @param route   the name or id of a route of that service whose plugins the calls pass, or {@code null} for
     *                the service's and global plugins only
     * @return why it cannot, or {@code null} when it can
     */
    String problem(String service, String route);

    /**
     * Header names the auth plugins of the config read credentials from (e.g. {@code Authorization}, key-auth's
     * {@code key_names}), lower case.
     */
    Set<String> credentialHeaders();

    /**
     * Makes the call and waits for its whole answer. Interrupting the calling thread aborts it.
     *
     * @param from    the outer request (its client address and listener are the call's)
     * @param request what to send
     * @return the answer of the service or of a plugin of its chain (e.g. 401 of its key-auth)
     * @throws java.io.IOException  when the service could not be reached or broke off
     * @throws InterruptedException when the calling thread was interrupted
     */
    SubResponse call(Exchange from, SubRequest request) throws java.io.IOException, InterruptedException;
}
