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
 * forwarded for it, so that it reaches private methods), {@code max_in_flight} (its concurrent requests) and
 * {@code max_rate} (its requests per second: a bucket of {@code max(1, max_rate)} requests refilled at that rate).
 */
final class TokenRule {

    static final String TOKEN = "token";
    static final String ROUTES = "routes";
    static final String PRIVATE = "private";
    static final String MAX_IN_FLIGHT = "max_in_flight";
    static final int DEFAULT_MAX_IN_FLIGHT = 64;
    static final String MAX_RATE = "max_rate";
    private static final String PUBLISH = "publish:";

    private final String name;
    private final byte[] digest;
    private final List<Pattern> methods;
    private final boolean everyMethod; // a route "*": no pattern to match per call
    private final List<Pattern> exchanges;
    private final boolean privateMethods;
    private final Semaphore inFlight;
    private final double rate; // requests per second; 0: no limit
    private final double burst;
    private double available; // the bucket, guarded by this
    private long refilled; // System.nanoTime() of the last refill

    TokenRule(String name, String secret, List<String> routes, boolean privateMethods, int maxInFlight) {
        this(name, secret, routes, privateMethods, maxInFlight, 0);
    }

    TokenRule(String name, String secret, List<String> routes, boolean privateMethods, int maxInFlight, double maxRate) {
        this.name = name;
        this.digest = sha256(secret);
        this.methods = routes.stream().filter(r -> !r.startsWith(PUBLISH)).map(TokenRule::methodGlob).toList();
        this.everyMethod = routes.contains("*");
        this.exchanges = routes.stream().filter(r -> r.startsWith(PUBLISH)).map(r -> glob(r.substring(PUBLISH.length()))).toList();
        this.privateMethods = privateMethods;
        this.inFlight = new Semaphore(maxInFlight);
        this.rate = maxRate;
        this.burst = Math.max(1, maxRate);
        this.available = burst;
        this.refilled = System.nanoTime();
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
        String rateText = section.get(MAX_RATE).map(String::strip).orElse("0");
        double rate;
        try {
            rate = Double.parseDouble(rateText);
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ConfigException("[gateway.token." + name + "] max_rate = " + rateText
                    + " is not a rate: requests per second, a number >= 0 (0.5: one every 2 s; 0 or absent: no limit)");
        }
        return new TokenRule(name, secret, routes, section.bool(PRIVATE, false), max, rate);
    }

    /**
     * Takes one request from the token's {@code max_rate} bucket: 0 when it may go, else the nanoseconds until one
     * would be available (the request is refused, {@code Retry-After}). Always 0 without a rate.
     */
    long takeRate() {
        if (rate == 0) {
            return 0;
        }
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(burst, available + (now - refilled) / 1e9 * rate);
            refilled = now;
            if (available >= 1) {
                available -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - available) / rate * 1e9));
        }
    }

    double maxRate() {
        return rate;
    }

    String name() {
        return name;
    }

    /** Constant time for a given length of {@code presented}: both sides are digests of the same length. */
    boolean matches(byte[] presentedDigest) {
        return MessageDigest.isEqual(digest, presentedDigest);
    }

    boolean allowsMethod(String service, String method) {
        if (everyMethod) {
            return true;
        }
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
        return Pattern.compile(globRegex(pattern, ".*"));
    }

    /**
     * A {@code service.method} pattern: split at its last dot, a {@code *} in the method part matches within the method
     * name only, so that {@code billing.*} does not reach a service named {@code billing.admin} (service names may
     * contain dots, method names cannot). A pattern without a dot ({@code *}) is matched against the whole route.
     */
    private static Pattern methodGlob(String pattern) {
        int dot = pattern.lastIndexOf('.');
        if (dot < 0) {
            return glob(pattern);
        }
        return Pattern.compile(globRegex(pattern.substring(0, dot), ".*") + "\\." + globRegex(pattern.substring(dot + 1), "[^.]*"));
    }

    private static String globRegex(String pattern, String star) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(star);
            }
            regex.append(Pattern.quote(part));
        }
        return regex.toString();
    }

    @Override
    public String toString() {
        return "token " + name; // never the secret
    }
}
