package farine.stream.internal;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.stream.HttpStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;

/**
 * What one {@code @HttpStream} method reads from its INI section (keys looked up as
 * {@code <method>.<key>} first), validated once at setup.
 */
record StreamSettings(
        URI endpoint,
        RequestHeaders headers,
        Set<String> events,
        Duration connectTimeout,
        Duration readTimeout,
        Duration reconnectDelay,
        Duration reconnectMaxDelay,
        boolean stopOnClientError,
        int retries,
        Duration retryDelay,
        long limit,
        long maxEventSize) {

    static final String ENDPOINT = "endpoint";
    static final String HEADERS = "headers";
    static final String EVENT = "event";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String READ_TIMEOUT = "read_timeout";
    static final String RECONNECT_DELAY = "reconnect_delay";
    static final String RECONNECT_MAX_DELAY = "reconnect_max_delay";
    static final String STOP_ON_CLIENT_ERROR = "stop_on_client_error";
    static final String RETRIES = "retries";
    static final String RETRY_DELAY = "retry_delay";
    static final String LIMIT = "limit";
    static final String MAX_EVENT_SIZE = "max_event_size";
    static final Set<String> KEYS = Set.of(ENDPOINT, HEADERS, EVENT, CONNECT_TIMEOUT, READ_TIMEOUT, RECONNECT_DELAY,
            RECONNECT_MAX_DELAY, STOP_ON_CLIENT_ERROR, RETRIES, RETRY_DELAY, LIMIT, MAX_EVENT_SIZE);

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);
    /** The specification's suggested reconnection time, also the original's default. */
    static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofMillis(3000);
    static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(60);
    static final int DEFAULT_RETRIES = 3;
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    static final long DEFAULT_MAX_EVENT_SIZE = 16L * 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?", Pattern.CASE_INSENSITIVE);
    // query parameters whose values are credentials: ?access_token=..., ?api_key=...
    private static final Pattern SECRET_QUERY =
            Pattern.compile("(?i)([?&][^=&#]*(?:token|key|secret|password|signature|auth)[^=&#]*=)[^&#]*");

    /**
     * @param where {@code service.method}, for messages
     * @throws ConfigException naming section, key and value (secrets masked) when a value is bad
     */
    static StreamSettings read(ConfigSection config, HttpStream annotation, String where, ObjectMapper json) {
        return read(config, annotation.endpoint(), annotation.event(), where, json);
    }

    /**
     * Checks every stream key a section sets; an endpoint only when the section gives one (the annotation may).
     * @throws ConfigException as {@link #read(ConfigSection, HttpStream, String, ObjectMapper)}
     */
    static void validate(ConfigSection config, ObjectMapper json) {
        read(config, "http://annotated.invalid/", new String[0], config.name(), json);
    }

    private static StreamSettings read(ConfigSection config, String annotatedEndpoint, String[] annotatedEvents, String where,
            ObjectMapper json) {
        String section = "[" + config.name() + "] ";
        String endpointText = config.get(ENDPOINT).filter(s -> !s.isBlank()).orElse(annotatedEndpoint).strip();
        if (endpointText.isEmpty()) {
            throw new ConfigException("@HttpStream " + where + " has no endpoint: set " + ENDPOINT + " in [" + config.name()
                    + "] or @HttpStream(endpoint = \"https://...\")");
        }
        URI endpoint = endpoint(endpointText, section, where);
        RequestHeaders headers = config.get(HEADERS)
                .map(text -> RequestHeaders.parse(text, section + HEADERS, json))
                .orElse(RequestHeaders.none());
        // 0: no timeout of our own (the OS's); the key is shared with farine-amqp, where 0 is common
        Duration connectTimeout = notNegative(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, ChronoUnit.SECONDS, section);
        Duration readTimeout = notNegative(config, READ_TIMEOUT, DEFAULT_READ_TIMEOUT, ChronoUnit.SECONDS, section);
        Duration reconnectDelay = notNegative(config, RECONNECT_DELAY, DEFAULT_RECONNECT_DELAY, ChronoUnit.MILLIS, section);
        Duration reconnectMax = positive(config, RECONNECT_MAX_DELAY, DEFAULT_RECONNECT_MAX_DELAY, ChronoUnit.SECONDS, section);
        int retries = config.integer(RETRIES, DEFAULT_RETRIES);
        if (retries < 0) {
            throw new ConfigException(section + RETRIES + " = " + retries + ": must be 0 or more");
        }
        // milliseconds, as farine-amqp reads the same key
        Duration retryDelay = notNegative(config, RETRY_DELAY, DEFAULT_RETRY_DELAY, ChronoUnit.MILLIS, section);
        long limit = config.longValue(LIMIT, 0);
        if (limit < 0) {
            throw new ConfigException(section + LIMIT + " = " + limit + ": must be 0 (no limit) or more");
        }
        long maxEventSize = size(config.get(MAX_EVENT_SIZE).orElse(null), section);
        return new StreamSettings(endpoint, headers, events(config, annotatedEvents), connectTimeout, readTimeout, reconnectDelay,
                reconnectMax, config.bool(STOP_ON_CLIENT_ERROR, false), retries, retryDelay, limit, maxEventSize);
    }

    /** INI {@code event} (names separated by commas or spaces; {@code *} for all) wins over the annotation's. */
    private static Set<String> events(ConfigSection config, String[] annotated) {
        Optional<String> configured = config.get(EVENT).map(String::strip);
        if (configured.isEmpty()) {
            return Set.copyOf(Arrays.asList(annotated)); // copyOf: a repeated name is no error
        }
        Set<String> names = new TreeSet<>(Arrays.asList(configured.get().split("[,\\s]+")));
        names.remove("");
        return names.contains("*") ? Set.of() : Set.copyOf(names);
    }

    private static URI endpoint(String text, String section, String where) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with the masked value
        }
        throw new ConfigException(section + ENDPOINT + " = \"" + mask(text) + "\" (for " + where
                + ") is not an http:// or https:// URL");
    }

    private static Duration positive(ConfigSection config, String key, Duration fallback, ChronoUnit unit, String section) {
        Duration value = config.duration(key, fallback, unit);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(section + key + " = " + config.get(key).orElse("") + ": must be more than 0");
        }
        return value;
    }

    private static Duration notNegative(ConfigSection config, String key, Duration fallback, ChronoUnit unit, String section) {
        Duration value = config.duration(key, fallback, unit);
        if (value.isNegative()) {
            throw new ConfigException(section + key + " = " + config.get(key).orElse("") + ": must not be negative");
        }
        return value;
    }

    private static long size(String text, String section) {
        if (text == null || text.isBlank()) {
            return DEFAULT_MAX_EVENT_SIZE;
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException(section + MAX_EVENT_SIZE + " = \"" + text + "\": expected a size such as 1048576, 512KiB or 16MiB");
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            default -> 1L;
        };
        try {
            long value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (value > 0) {
                return value;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // too large: reported below
        }
        throw new ConfigException(section + MAX_EVENT_SIZE + " = \"" + text + "\": must be between 1 byte and "
                + Long.MAX_VALUE + " bytes");
    }

    /** The endpoint as it may be logged: no password, no token in the query. */
    String describeEndpoint() {
        // a parsed URI's fragment is no secret; masked with the rest, it would be taken for the last parameter's value
        String fragment = endpoint.getRawFragment();
        String text = endpoint.toString();
        return fragment == null ? mask(text) : mask(text.substring(0, text.length() - fragment.length() - 1)) + "#" + fragment;
    }

    static String mask(String url) {
        return SECRET_QUERY.matcher(Config.masked(ENDPOINT, url)).replaceAll("$1****");
    }
}
