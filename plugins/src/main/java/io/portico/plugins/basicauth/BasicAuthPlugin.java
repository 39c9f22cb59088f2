package io.portico.plugins.basicauth;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;
import io.portico.plugins.consumerauth.AuthSupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kong's basic-auth ({@code kong/plugins/basic-auth/access.lua}): the credentials of {@code Proxy-Authorization}
 * are tried first, then those of {@code Authorization}; every failure is the same 401 {@code Unauthorized} with a
 * {@code WWW-Authenticate: Basic realm="..."} challenge, or, with {@code anonymous}, the anonymous consumer.
 */
final class BasicAuthPlugin implements Plugin {
    static final String UNAUTHORIZED = "Unauthorized";
    // Kong's patterns, unanchored as ngx.re.gmatch / ngx.re.match use them.
    private static final Pattern SCHEME = Pattern.compile("\\s*[Bb]asic\\s*(.+)");
    private static final Pattern USER_PASSWORD = Pattern.compile("([^:]+):(.*)");

    record UserPassword(String username, String password) {
    }

    private final BasicAuthConfig config;
    private final PasswordIndex passwords;
    private final Consumer anonymous;
    private final String challenge;

    BasicAuthPlugin(BasicAuthConfig config, PasswordIndex passwords, Consumer anonymous) {
        this.config = config;
        this.passwords = passwords;
        this.anonymous = anonymous;
        this.challenge = config.challenge();
    }

    @Override
    public void access(Exchange exchange) {
        if (AuthSupport.skips(exchange, true, anonymous)) { // basic-auth has no run_on_preflight
            return;
        }
        if (authenticate(exchange)) {
            return;
        }
        if (anonymous != null) {
            exchange.authenticateAnonymous(anonymous);
        } else {
            AuthSupport.unauthorized(exchange, UNAUTHORIZED, challenge);
        }
    }

    private boolean authenticate(Exchange exchange) {
        Request request = exchange.request();
        String authorization = request.header("Authorization");
        String proxyAuthorization = request.header("Proxy-Authorization");
        if (authorization == null && proxyAuthorization == null) {
            return false;
        }
        UserPassword given = retrieve(request, "Proxy-Authorization", proxyAuthorization);
        PasswordIndex.Entry credential = given == null ? null : passwords.find(given.username());
        if (credential == null) {
            given = retrieve(request, "Authorization", authorization);
            if (given == null) {
                return false;
            }
            credential = passwords.find(given.username());
        }
        if (!PasswordIndex.matches(credential, given.password())) {
            return false;
        }
        exchange.authenticate(credential.consumer(), new Credential(credential.credentialId(), credential.username()));
        return true;
    }

    /** The username and password of a header, or {@code null}; the header goes with hide_credentials. */
    private UserPassword retrieve(Request request, String headerName, String value) {
        UserPassword parsed = value == null ? null : parse(value);
        if (config.hideCredentials()) {
            request.removeHeader(headerName);
        }
        return parsed;
    }

    /** {@code Basic base64(user:password)} as Kong reads it, or {@code null}. */
    static UserPassword parse(String header) {
        Matcher scheme = SCHEME.matcher(header);
        if (!scheme.find()) {
            return null;
        }
        byte[] decoded = decodeBase64(scheme.group(1));
        if (decoded == null) {
            return null;
        }
        Matcher parts = USER_PASSWORD.matcher(new String(decoded, StandardCharsets.UTF_8));
        if (!parts.find()) {
            return null;
        }
        return new UserPassword(parts.group(1), parts.group(2));
    }

    /** nginx's {@code ngx.decode_base64}: padding optional and the end of the data, anything else invalid. */
    private static byte[] decodeBase64(String text) {
        int end = text.indexOf('=');
        String data = end < 0 ? text : text.substring(0, end);
        if (data.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return null;
            }
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
