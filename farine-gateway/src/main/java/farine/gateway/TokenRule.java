package farine.gateway;

import farine.ConfigException;
import farine.ConfigSection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * One bearer token of {@code [gateway.token.NAME]}: {@code token} (the secret), {@code routes} ({@code service.method}
 * patterns with {@code *}, and {@code publish:EXCHANGE}), {@code private} (whether the services' own tokens are
 * forwarded for it, so that it reaches private methods) and {@code max_in_flight} (its concurrent requests).
 */
final class TokenRule {

    static final String TOKEN = "token";
    static final String ROUTES = "routes";
    static final String PRIVATE = "private";
    static final String MAX_IN_FLIGHT = "max_in_flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 64;
    private static final String PUBLISH = "publish:";

    private final String name;
    private final byte[] digest;
    private final List<Pattern> methods;
    private final List<Pattern> exchanges;
    private final boolean privateMethods;
    private final Semaphore inFlight;

    TokenRule(String name, String secret, List<String> routes, boolean privateMethods, int maxInFlight) {
        this.name = name;
        this.digest = sha256(secret);
        this.methods = routes.stream().filter(r -> !r.startsWith(PUBLISH)).map(TokenRule::glob).toList();
        this.exchanges = routes.stream().filter(r -> r.startsWith(PUBLISH)).map(r -> glob(r.substring(PUBLISH.length()))).toList();
        this.privateMethods = privateMethods;
        this.inFlight = new Semaphore(maxInFlight);
    }

    static TokenRule read(String name, ConfigSection section) {
        String secret = section.get(TOKEN).map(String::strip).orElse("");
        if (secret.length() < 16) {
            throw new ConfigException("[gateway.token." + name + "] token is " + (secret.isEmpty() ? "missing" : "shorter than 16 characters")
                    + ": give each token a long random secret (e.g. openssl rand -hex 24)");
        }
        List<String> routes = Arrays.stream(section.string(ROUTES, "").split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        int max = section.integer(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT);
        if (max < 1) {
            throw new ConfigException("[gateway.token." + name + "] max_in_flight = " + max + " must be at least 1");
        }
        return new TokenRule(name, secret, routes, section.bool(PRIVATE, false), max);
    }

    String name() {
        return name;
    }

    /** Constant time for a given length of {@code presented}: both sides are digests of the same length. */
    boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(digest, presentedDigest);
    }

    boolean allowsMethod(String service, String method) {
        String route = service + "." + method;
        return methods.stream().anyMatch(p -> p.matcher(route).matches());
    }

    boolean allowsPublish(String exchange) {
        return exchanges.stream().anyMatch(p -> p.matcher(exchange).matches());
    }

    boolean privateMethods() {
        return privateMethods;
    }

    Semaphore inFlight() {
        return inFlight;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return "token " + name; // never the secret
    }
}
