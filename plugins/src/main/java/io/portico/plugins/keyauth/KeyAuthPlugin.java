package io.portico.plugins.keyauth;

import io.portico.plugin.BodyMode;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.CredentialHeaders;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;
import io.portico.plugins.consumerauth.AuthSupport;

import java.util.List;
import java.util.Set;

/**
 * Kong's key-auth handler ({@code kong/plugins/key-auth/handler.lua}): for each of {@code key_names} in order,
 * look in the headers, then the query string, then the body; the first string found is the key. Several values
 * under one name are refused, a missing or empty key and an unknown key are 401s, and with {@code anonymous} a
 * failure lets the request through as the anonymous consumer instead (Kong's "logical OR" between auth plugins).
 */
final class KeyAuthPlugin implements Plugin, CredentialHeaders {
    static final String NO_KEY = "No API key found in request";
    static final String DUPLICATE_KEY = "Duplicate API key found";
    static final String INVALID_KEY = "Unauthorized";

    private final KeyAuthConfig config;
    private final KeyIndex keys;
    private final Consumer anonymous;
    private final String challenge;

    KeyAuthPlugin(KeyAuthConfig config, KeyIndex keys, Consumer anonymous) {
        this.config = config;
        this.keys = keys;
        this.anonymous = anonymous;
        this.challenge = config.challenge();
    }

    @Override
    public Set<String> credentialHeaders() {
        return config.keyInHeader() ? Set.copyOf(config.keyNames()) : Set.of();
    }

    @Override
    public BodyMode requestBodyMode() {
        return config.keyInBody() ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public void access(Exchange exchange) {
        if (AuthSupport.skips(exchange, config.runOnPreflight(), anonymous)) {
            return;
        }
        if (anonymous != null) {
            if (authenticate(exchange) != null) {
                exchange.authenticateAnonymous(anonymous);
            }
            return;
        }
        String failure = authenticate(exchange);
        if (failure != null) {
            AuthSupport.unauthorized(exchange, failure, challenge);
        }
    }

    /** Authenticates the caller; the message of the 401 when that fails, else {@code null}. */
    private String authenticate(Exchange exchange) {
        Request request = exchange.request();
        FormArgs query = null;
        BodyArgs body = null;
        String key = null;
        for (String name : config.keyNames()) {
            ArgValue value = ArgValue.ABSENT;
            if (config.keyInHeader()) {
                value = header(request, name);
            }
            if (value.absent() && config.keyInQuery()) {
                if (query == null) {
                    query = FormArgs.parse(request.rawQuery());
                }
                value = query.get(name);
            }
            if (value.absent() && config.keyInBody()) {
                if (body == null) {
                    body = body(request);
                }
                value = body.get(name);
            }
            if (value.kind() == ArgValue.Kind.STRING) {
                key = value.text();
                if (config.hideCredentials()) {
                    hide(request, name, body);
                }
                break;
            }
            if (value.kind() == ArgValue.Kind.MULTIPLE) {
                return DUPLICATE_KEY;
            }
        }
        if (key == null || key.isEmpty()) {
            return NO_KEY;
        }
        KeyIndex.Entry credential = keys.find(key);
        if (credential == null) {
            return INVALID_KEY;
        }
        exchange.authenticate(credential.consumer(),
                new Credential(credential.credentialId(), credential.credentialId()));
        return null;
    }

    /**
     * A header as nginx's {@code ngx.req.get_headers()} finds it: case-insensitive, and a name with underscores
     * also matches the header spelled with dashes.
     */
    private static ArgValue header(Request request, String name) {
        List<String> values = request.headers(name);
        if (values.isEmpty() && name.indexOf('_') >= 0) {
            values = request.headers(name.replace('_', '-'));
        }
        if (values.isEmpty()) {
            return ArgValue.ABSENT;
        }
        return values.size() > 1 ? ArgValue.MULTIPLE : ArgValue.string(values.getFirst());
    }

    private static BodyArgs body(Request request) {
        byte[] bytes = request.bodyTooLarge() ? null : request.body();
        return BodyArgs.parse(request.header("Content-Type"), bytes);
    }

    /** Kong's hide_credentials: the query parameter, the header and (with key_in_body) the body field go. */
    private void hide(Request request, String name, BodyArgs body) {
        request.removeQuery(name);
        request.removeHeader(name);
        if (name.indexOf('_') >= 0) {
            request.removeHeader(name.replace('_', '-'));
        }
        if (config.keyInBody()) {
            byte[] without = (body != null ? body : body(request)).without(name);
            if (without != null) {
                request.setBody(without);
            }
        }
    }
}
