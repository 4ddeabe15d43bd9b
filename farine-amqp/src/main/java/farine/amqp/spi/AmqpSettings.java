package farine.amqp.spi;

import com.rabbitmq.client.Address;
import farine.ConfigException;
import farine.ConfigSection;
import farine.spi.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The connection settings of one INI section, validated once. {@code amqp_uri} may name several hosts
 * ({@code amqp://user:pass@h1:5672,h2:5672/vhost}); {@code amqp_addresses} ({@code h1:5672,h2:5672})
 * overrides the hosts of the URI. Hosts are tried in the given order, on connect and on recovery.
 */
public record AmqpSettings(String uri, String addresses, Duration connectTimeout, int embeddedPort, String section) {

    public static final String AMQP_URI = "amqp_uri";
    public static final String AMQP_ADDRESSES = "amqp_addresses";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String EMBEDDED = "embedded";
    /** The embedded broker's port (0 = any free port), so that another process can use its URI. */
    public static final String EMBEDDED_PORT = "embedded_port";
    public static final Set<String> KEYS = Set.of(AMQP_URI, AMQP_ADDRESSES, CONNECT_TIMEOUT, EMBEDDED_PORT);

    public static AmqpSettings from(ConfigSection section) {
        String uri = section.get(AMQP_URI).map(String::strip).filter(s -> !s.isEmpty()).orElse(EMBEDDED);
        String addresses = section.get(AMQP_ADDRESSES).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        // 0 = keep trying until the broker answers (logged once per attempt window)
        Duration timeout = section.duration(CONNECT_TIMEOUT, Duration.ZERO, ChronoUnit.SECONDS);
        if (!EMBEDDED.equalsIgnoreCase(uri)) {
            String[] split = splitHosts(uri);
            if (split != null) {
                uri = split[0];
                addresses = addresses == null ? split[1] : addresses;
            }
            validate(section.name(), uri);
        }
        if (addresses != null) {
            try {
                Address.parseAddresses(addresses);
            } catch (RuntimeException e) {
                throw new ConfigException("[" + section.name() + "] " + AMQP_ADDRESSES + " = \"" + addresses
                        + "\": expected host[:port] separated by commas (" + e.getMessage() + ")", e);
            }
        }
        int embeddedPort = section.integer(EMBEDDED_PORT, 0);
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new ConfigException("[" + section.name() + "] " + EMBEDDED_PORT + " = \"" + embeddedPort
                    + "\": expected a TCP port (1-65535), or 0 for any free port");
        }
        return new AmqpSettings(uri, addresses, timeout, embeddedPort, section.name());
    }

    /**
     * {@code amqp://u:p@h1:5672,h2/v} -> {@code [amqp://u:p@h1:5672/v, "h1:5672,h2"]}; null when the URI
     * names one host.
     */
    static String[] splitHosts(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = uri.indexOf('/', start);
        end = end < 0 ? uri.length() : end;
        String authority = uri.substring(start, end);
        int at = authority.lastIndexOf('@');
        String hosts = authority.substring(at + 1);
        if (!hosts.contains(",")) {
            return null;
        }
        String first = hosts.substring(0, hosts.indexOf(','));
        String single = uri.substring(0, start) + authority.substring(0, at + 1) + first + uri.substring(end);
        return new String[] {single, hosts};
    }

    private static void validate(String section, String uri) {
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
                throw new URISyntaxException(uri, "the scheme must be amqp or amqps");
            }
            if (parsed.getHost() == null) {
                throw new URISyntaxException(uri, "no host");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("[" + section + "] " + AMQP_URI + " = \"" + Secrets.maskUri(uri)
                    + "\": not a valid amqp:// or amqps:// URI (" + Secrets.maskUri(e.getReason()) + ")");
        }
    }

    public boolean embedded() {
        return EMBEDDED.equalsIgnoreCase(uri);
    }

    /** The hosts to try in order, or an empty list to use the URI's host. */
    public List<Address> addressList() {
        return addresses == null ? List.of() : Arrays.asList(Address.parseAddresses(addresses));
    }

    /**
     * Sections that name the same broker share one connector; embedded sections with different ports get
     * different connectors, and the second fails to start naming both ports (one embedded broker per process).
     */
    public String key() {
        return embedded() ? EMBEDDED + "|" + embeddedPort : uri + "|" + addresses;
    }
}
