package io.portico.plugins.iprestriction;

import io.portico.plugin.Exchange;
import io.portico.plugin.IpBlocks;
import io.portico.plugin.Plugin;

/**
 * Kong's ip-restriction handler ({@code kong/plugins/ip-restriction/handler.lua}): a client in {@code deny} is
 * refused, then, when {@code allow} is set, a client not in it. The client address is the one the gateway derived
 * ({@link Exchange#clientIp()}): the socket peer, or what a trusted proxy forwarded (Kong's realip with
 * {@code trusted_ips}); a header from any other peer never counts.
 */
final class IpRestrictionPlugin implements Plugin {
    static final String UNIDENTIFIED = "Cannot identify the client IP address";

    private final IpRestrictionConfig config;
    private final IpBlocks allow;
    private final IpBlocks deny;
    private final System.Logger logger;
    private final int status;

    IpRestrictionPlugin(IpRestrictionConfig config, IpBlocks allow, IpBlocks deny, System.Logger logger) {
        this.config = config;
        this.allow = allow;
        this.deny = deny;
        this.logger = logger;
        this.status = config.status() == null ? 403 : config.status();
    }

    @Override
    public void access(Exchange exchange) {
        byte[] client = IpBlocks.address(exchange.clientIp());
        if (client == null) {
            // Fail closed: an address the gateway cannot read is in no list, allowed or not.
            exchange.respondMessage(403, UNIDENTIFIED);
            return;
        }
        if ((!deny.isEmpty() && deny.contains(client)) || (!allow.isEmpty() && !allow.contains(client))) {
            String message = config.message() != null ? config.message()
                    : "IP address not allowed: " + IpBlocks.format(client);
            logger.log(System.Logger.Level.DEBUG, message);
            exchange.respondMessage(status, message);
        }
    }
}
