package io.portico.plugins.openidconnect;

import io.portico.plugins.jose.Algorithms;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys of one issuer, fetched from its JWKS (found by discovery unless configured) and cached.
 *
 * <ul>
 *   <li>A set is used for {@code jwks_max_age}; after that the next token that needs it fetches it again, and a
 *       key the issuer removed stops working.</li>
 *   <li>A token naming a {@code kid} the set lacks (a key the issuer just rotated in) triggers a fetch too.</li>
 *   <li>Fetches are single-flight (concurrent requests wait for the one under way) and at most one starts per
 *       {@code jwks_refetch_interval}, whatever tokens arrive: invented {@code kid}s cannot hammer the issuer.</li>
 *   <li>When a fetch fails (the issuer is down, or answers garbage), the keys already known keep working; while
 *       the next attempt is under way only the request making it waits.</li>
 * </ul>
 * One instance per issuer and settings, shared by every plugin entry and kept across config reloads, so that
 * the limits hold per issuer and a reload does not start cold.
 */
final class IssuerKeys {
    /** Larger JWKS or discovery documents are refused. */
    static final int MAX_DOCUMENT_BYTES = 512 * 1024;
    /** Keys kept from one JWKS. */
    static final int MAX_KEYS = 100;
    /** Keys tried for a token without {@code kid}. */
    static final int MAX_CANDIDATES = 10;

    /** What identifies an issuer's cache. */
    record Settings(String issuer, URI discovery, URI jwksUri, long maxAgeNanos, long refetchIntervalNanos,
                    Duration timeout) {
        static Settings of(OpenIdConnectConfig config) {
            return new Settings(config.issuerIdentifier(), config.discoveryUri(),
                    config.jwksUri() == null ? null : URI.create(config.jwksUri()),
                    (long) (config.jwksMaxAge() * 1e9), (long) (config.jwksRefetchInterval() * 1e9),
                    Duration.ofMillis(config.timeout()));
        }
    }

    /** A fetched set and when it was fetched. */
    private record Snapshot(List<PublicJsonWebKey> keys, long fetchedAtNanos) {
        List<PublicJsonWebKey> find(String kid, String algorithm) {
            List<PublicJsonWebKey> found = new ArrayList<>();
            for (PublicJsonWebKey key : keys) {
                if ((kid == null || kid.equals(key.getKeyId()))
                        && (key.getAlgorithm() == null || key.getAlgorithm().equals(algorithm))
                        && Algorithms.keyProblem(algorithm, key.getPublicKey()) == null) {
                    found.add(key);
                    if (found.size() == MAX_CANDIDATES) {
                        break;
                    }
                }
            }
            return found;
        }
    }

    private static final Map<Settings, IssuerKeys> SHARED = new ConcurrentHashMap<>();

    private final Settings settings;
    private final System.Logger logger;
    private final HttpClient client;
    private volatile Snapshot snapshot;
    /** The last fetch failed: the issuer is down or broken, and the keys known are all there is. */
    private volatile boolean failing;
    // guarded by this
    private CompletableFuture<Snapshot> inFlight;
    private long lastAttemptNanos;
    private boolean attempted;

    private IssuerKeys(Settings settings, System.Logger logger) {
        this.settings = settings;
        this.logger = logger;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL) // never from https to http
                .build();
    }

    static IssuerKeys shared(Settings settings, System.Logger logger) {
        return SHARED.computeIfAbsent(settings, s -> new IssuerKeys(s, logger));
    }

    /**
     * The keys that may have signed a token with that {@code kid} ({@code null}: any key) and algorithm, fetching
     * the set when it is missing, older than the max age, or lacks such a key. Empty when there is none.
     */
    List<PublicJsonWebKey> keysFor(String kid, String algorithm) {
        Snapshot current = snapshot;
        if (current != null && System.nanoTime() - current.fetchedAtNanos() < settings.maxAgeNanos()) {
            List<PublicJsonWebKey> found = current.find(kid, algorithm);
            if (!found.isEmpty()) {
                return found;
            }
        }
        Snapshot refreshed = refresh();
        return refreshed == null ? List.of() : refreshed.find(kid, algorithm);
    }

    /** Fetches the set unless a fetch is under way (then waits for it) or one started too recently. */
    private Snapshot refresh() {
        CompletableFuture<Snapshot> flight;
        synchronized (this) {
            long now = System.nanoTime();
            if (inFlight != null) {
                if (failing && snapshot != null) {
                    // Outage: one request waits for the retry (up to the timeout), the others use the keys known.
                    return snapshot;
                }
                flight = inFlight;
            } else if (attempted && now - lastAttemptNanos < settings.refetchIntervalNanos()) {
                return snapshot; // too soon: what we have, even if stale
            } else {
                attempted = true;
                lastAttemptNanos = now;
                inFlight = new CompletableFuture<>();
                flight = null;
            }
        }
        if (flight != null) {
            return flight.join();
        }
        Snapshot result = snapshot;
        try {
            result = new Snapshot(fetch(), System.nanoTime());
            snapshot = result;
            failing = false;
        } catch (Exception e) {
            failing = true;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            logger.log(System.Logger.Level.WARNING, "openid-connect: could not fetch the keys of issuer {0}: {1};"
                    + " keeping the {2} key(s) known", settings.issuer(), describe(e),
                    result == null ? 0 : result.keys().size());
        } finally {
            CompletableFuture<Snapshot> done;
            synchronized (this) {
                done = inFlight;
                inFlight = null;
            }
            done.complete(result);
        }
        return result;
    }

    private List<PublicJsonWebKey> fetch() throws IOException, InterruptedException, JoseException {
        URI jwksUri = settings.jwksUri() != null ? settings.jwksUri() : discover();
        JsonWebKeySet set = new JsonWebKeySet(get(jwksUri));
        List<PublicJsonWebKey> keys = new ArrayList<>();
        int skipped = 0;
        for (JsonWebKey key : set.getJsonWebKeys()) {
            boolean forSignatures = (key.getUse() == null || "sig".equals(key.getUse()))
                    && (key.getKeyOps() == null || key.getKeyOps().contains("verify"));
            if (key instanceof PublicJsonWebKey publicKey && publicKey.getPublicKey() != null && forSignatures
                    && keys.size() < MAX_KEYS) {
                keys.add(publicKey);
            } else {
                skipped++;
            }
        }
        logger.log(System.Logger.Level.INFO, "openid-connect: {0} signing key(s) of issuer {1} from {2}{3}",
                keys.size(), settings.issuer(), jwksUri, skipped == 0 ? "" : " (" + skipped + " other key(s) ignored)");
        return List.copyOf(keys);
    }

    /** The issuer's {@code jwks_uri}, from its discovery document, which must name the configured issuer. */
    private URI discover() throws IOException, InterruptedException, JoseException {
        Map<String, Object> document = JsonUtil.parseJson(get(settings.discovery()));
        // OpenID Connect Discovery 1.0, section 4.3: the document must be the configured issuer's (mix-up defence).
        if (!(document.get("issuer") instanceof String issuer) || !sameIssuer(issuer, settings.issuer())) {
            throw new IOException("the discovery document at " + settings.discovery() + " names another issuer: "
                    + document.get("issuer"));
        }
        if (!(document.get("jwks_uri") instanceof String jwksUri)) {
            throw new IOException("the discovery document at " + settings.discovery() + " has no jwks_uri");
        }
        URI uri = URI.create(jwksUri);
        if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IOException("the discovery document's jwks_uri is not an http(s) URL");
        }
        return uri;
    }

    /** Issuer identifiers compared as Kong does: a trailing slash makes no difference. */
    static boolean sameIssuer(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new IOException(uri + " sent more than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
