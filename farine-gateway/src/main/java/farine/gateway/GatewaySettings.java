package farine.gateway;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [gateway]} section, validated once: where to listen, the body limit, the broker and the tokens
 * ({@code [gateway.token.NAME]} sections of the INI file, or of the file {@code tokens_file} names).
 */
record GatewaySettings(String bind, int port, long maxBody, java.time.Duration readTimeout, java.time.Duration keepAlive, String amqpUri,
        List<TokenRule> tokens) {

    static final String PORT = "port";
    static final String BIND = "bind";
    static final String MAX_BODY = "max_body";
    /** How long a client may take to send a request's line and headers from its first byte, and its body (slow-loris clients); whole seconds. */
    static final String READ_TIMEOUT = "read_timeout";
    static final java.time.Duration DEFAULT_READ_TIMEOUT = java.time.Duration.ofSeconds(5);
    /** How long a connection may wait for its next request (or its first) before it is closed; whole seconds. */
    static final String KEEP_ALIVE = "keep_alive";
    static final java.time.Duration DEFAULT_KEEP_ALIVE = java.time.Duration.ofSeconds(60);
    static final String TOKENS_FILE = "tokens_file";
    static final String AMQP_URI = "amqp_uri";
    static final String TOKEN_SECTION_PREFIX = "gateway.token.";
    static final int DEFAULT_PORT = 8080;
    static final long DEFAULT_MAX_BODY = 1 << 20;
    static final String LOOPBACK = "127.0.0.1";

    GatewaySettings {
        tokens = List.copyOf(tokens);
    }

    static GatewaySettings read(Config config) {
        ConfigSection section = config.section(Gateway.SECTION);
        int port = section.integer(PORT, DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException("[gateway] port = " + port + " is not a port (0-65535; 0: any free one)");
        }
        long maxBody = section.longValue(MAX_BODY, DEFAULT_MAX_BODY);
        if (maxBody < 2) {
            throw new ConfigException("[gateway] max_body = " + maxBody + " is too small (bytes; default " + DEFAULT_MAX_BODY + ")");
        }
        java.time.Duration readTimeout = section.duration(READ_TIMEOUT, DEFAULT_READ_TIMEOUT, java.time.temporal.ChronoUnit.SECONDS);
        if (readTimeout.toSeconds() < 1 || readTimeout.toMillis() % 1000 != 0) {
            throw new ConfigException("[gateway] read_timeout = " + readTimeout.toMillis() + " ms: whole seconds, at least 1 (default "
                    + DEFAULT_READ_TIMEOUT.toSeconds() + " s)");
        }
        java.time.Duration keepAlive = section.duration(KEEP_ALIVE, DEFAULT_KEEP_ALIVE, java.time.temporal.ChronoUnit.SECONDS);
        if (keepAlive.toSeconds() < 1 || keepAlive.toMillis() % 1000 != 0) {
            throw new ConfigException("[gateway] keep_alive = " + keepAlive.toMillis() + " ms: whole seconds, at least 1 (default "
                    + DEFAULT_KEEP_ALIVE.toSeconds() + " s)");
        }
        String uri = section.get(AMQP_URI).map(String::strip)
                .orElseThrow(() -> new ConfigException("[gateway] has no amqp_uri (nor [DEFAULT]): which broker's services should it serve?"));
        List<TokenRule> tokens = new ArrayList<>(tokens(config));
        section.get(TOKENS_FILE).map(String::strip).filter(s -> !s.isEmpty())
                .ifPresent(file -> tokens.addAll(tokens(Config.load(Path.of(file)))));
        // no token: nobody is identified, so only this machine may call (the rule, said at start)
        String bind = section.get(BIND).map(String::strip).orElse(tokens.isEmpty() ? LOOPBACK : "0.0.0.0");
        if (tokens.isEmpty() && !isLoopback(bind)) {
            throw new ConfigException("[gateway] bind = " + bind + " without any token: an open gateway listens on this machine only;"
                    + " configure a [gateway.token.NAME] section (docs/gateway.md) or drop bind");
        }
        return new GatewaySettings(bind, port, maxBody, readTimeout, keepAlive, uri, tokens);
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException("[gateway] bind = " + host + " is not an address of this machine: " + e.getMessage(), e);
        }
    }

    private static List<TokenRule> tokens(Config config) {
        List<TokenRule> rules = new ArrayList<>();
        for (String name : config.sections()) {
            if (name.startsWith(TOKEN_SECTION_PREFIX)) {
                rules.add(TokenRule.read(name.substring(TOKEN_SECTION_PREFIX.length()), config.section(name)));
            }
        }
        return rules;
    }
}
