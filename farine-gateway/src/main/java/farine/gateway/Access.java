package farine.gateway;

import java.util.List;
import java.util.UUID;

/**
 * Who is calling: the {@link TokenRule} whose secret the {@code Authorization: Bearer} header carries, or, when no
 * token is configured (the gateway then listens on loopback only), an anonymous caller that may use every route
 * but no private method. A refusal says nothing of which part failed.
 */
final class Access {

    private final List<TokenRule> tokens;
    private final TokenRule anonymous = new TokenRule("anonymous", UUID.randomUUID().toString(), List.of("*", "publish:*"), false,
            Integer.MAX_VALUE);

    Access(List<TokenRule> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    boolean open() {
        return tokens.isEmpty();
    }

    /** The caller, or a 401. */
    TokenRule authenticate(Exchange exchange) {
        if (tokens.isEmpty()) {
            return anonymous;
        }
        String header = exchange.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized();
        }
        byte[] presented = TokenRule.sha256(header.substring(7).strip());
        TokenRule found = null;
        for (TokenRule rule : tokens) { // every rule is compared, so the time does not tell which one matched
            if (rule.matches(presented) && found == null) {
                found = rule;
            }
        }
        if (found == null) {
            throw unauthorized();
        }
        return found;
    }

    /**
     * Admits one request of {@code caller}: a 429 (with {@code Retry-After}, whole seconds) when its {@code max_rate}
     * is used up, or when it has {@code max_in_flight} requests in flight already; else its in-flight place is taken
     * and must be released. {@code service} and {@code method} are null for a publish.
     */
    static void admit(TokenRule caller, Exchange exchange, String service, String method) {
        long wait = caller.takeRate();
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            exchange.header("Retry-After", Long.toString(seconds));
            throw new HttpError(429, "TooManyRequests", "this token's max_rate (" + caller.maxRate() + " requests per second) is used up;"
                    + " retry in " + Math.max(1, wait / 1_000_000) + " ms", service, method);
        }
        if (!caller.inFlight().tryAcquire()) {
            throw new HttpError(429, "TooManyRequests", "this token has max_in_flight requests in flight already", service, method);
        }
    }

    static HttpError forbidden(String service, String method) {
        return new HttpError(403, "Forbidden", "this token may not use this route", service, method);
    }

    private static HttpError unauthorized() {
        return new HttpError(401, "Unauthorized", "a valid token is required: Authorization: Bearer <token>");
    }
}
