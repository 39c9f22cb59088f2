package io.portico.plugins.cors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code origins} of a cors config, matched as Kong matches them: an entry made only of letters, digits and
 * {@code .:/-} is an exact origin (normalized: no default port), anything else a regex anchored at both ends,
 * matched against the request origin's host when the entry has no ':', else against the whole origin.
 */
final class AllowedOrigins {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9.:/-]+");

    /** Exact (pattern null) or regex. */
    private record Entry(String domain, Pattern pattern, boolean byHost) {
    }

    /** A request origin, normalized. */
    record Origin(String domain, String host) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final boolean any;

    AllowedOrigins(List<String> origins) {
        boolean star = false;
        for (String entry : origins) {
            if ("*".equals(entry)) {
                star = true;
                continue;
            }
            boolean byHost = entry.indexOf(':') < 0;
            if (isPlain(entry)) {
                entries.add(new Entry(normalize(entry).domain(), null, byHost));
            } else {
                String regex = entry.startsWith("^") ? entry.substring(1) : entry;
                regex = regex.endsWith("$") ? regex : regex + "$";
                entries.add(new Entry(null, Pattern.compile(regex), byHost));
            }
        }
        this.any = star;
    }

    /** Whether an entry is an exact origin rather than a regex. */
    static boolean isPlain(String entry) {
        return PLAIN.matcher(entry).matches();
    }

    /** Whether a {@code *} entry allows any origin. */
    boolean any() {
        return any;
    }

    /** The normalized origin to echo when the request origin is allowed, else {@code null}. */
    String match(String requestOrigin) {
        Origin origin = normalize(requestOrigin);
        for (Entry entry : entries) {
            boolean found = entry.pattern == null ? origin.domain().equals(entry.domain)
                    : entry.pattern.matcher(entry.byHost ? origin.host() : origin.domain()).lookingAt();
            if (found) {
                return origin.domain();
            }
        }
        return null;
    }

    /** {@code scheme://host[:port]} without a default port; text that is no URL stays as it is. */
    static Origin normalize(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return new Origin(origin, origin);
            }
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            String domain = (scheme == null ? "" : scheme + "://") + uri.getHost()
                    + (port < 0 || defaultPort ? "" : ":" + port);
            return new Origin(domain, uri.getHost());
        } catch (URISyntaxException e) {
            return new Origin(origin, origin);
        }
    }
}
