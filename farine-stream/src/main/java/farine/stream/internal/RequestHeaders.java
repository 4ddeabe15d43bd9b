package farine.stream.internal;

import farine.ConfigException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The INI {@code headers} value: {@code Name: value} entries separated by {@code |} or newlines
 * ({@code headers = Authorization: Bearer abc | X-Client: farine}), or, for values that contain
 * {@code |}, a JSON object ({@code headers = {"Cookie": "a=1|2"}}). Values are secrets: only header
 * names ever reach a log line or an error message.
 */
record RequestHeaders(List<Header> entries) {

    record Header(String name, String value) {
    }

    // RFC 9110 token characters
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    RequestHeaders {
        entries = List.copyOf(entries);
    }

    static RequestHeaders none() {
        return new RequestHeaders(List.of());
    }

    /**
     * @param where {@code [section] headers}, for messages
     * @throws ConfigException naming the entry (never its value) when the text does not parse
     */
    static RequestHeaders parse(String text, String where, ObjectMapper json) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return none();
        }
        List<Header> headers = new ArrayList<>();
        if (trimmed.startsWith("{")) {
            JsonNode node;
            try {
                node = json.readTree(trimmed);
            } catch (JacksonException e) {
                throw new ConfigException(where + " starts with '{' but is not a JSON object of header names to values: "
                        + e.getOriginalMessage());
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isString()) {
                    throw new ConfigException(where + ": the value of header '" + field.getKey() + "' must be a JSON string");
                }
                headers.add(header(field.getKey(), field.getValue().asString(), where));
            }
        } else {
            for (String entry : trimmed.split("[|\\r\\n]")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    String name = entry.strip().split("\\s", 2)[0];
                    throw new ConfigException(where + ": entry starting with '" + name
                            + "' has no ':'; write 'Name: value' entries separated by '|'");
                }
                headers.add(header(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip(), where));
            }
        }
        RequestHeaders parsed = new RequestHeaders(headers);
        parsed.check(where);
        return parsed;
    }

    private static Header header(String name, String value, String where) {
        if (!TOKEN.matcher(name).matches()) {
            throw new ConfigException(where + ": '" + name + "' is not a valid HTTP header name");
        }
        return new Header(name, value);
    }

    /** The JDK client refuses some headers (Host, Connection, Content-Length...): say so at startup, not per request. */
    private void check(String where) {
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        for (Header header : entries) {
            try {
                probe.header(header.name(), header.value());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": header '" + header.name()
                        + "' cannot be set (restricted by the HTTP client, or its value holds control characters)");
            }
        }
    }

    /** Adds the headers to a request; a header named like one farine sets replaces it. */
    void addTo(HttpRequest.Builder request) {
        for (Header header : entries) {
            if (header.name().equalsIgnoreCase("Accept") || header.name().equalsIgnoreCase("Cache-Control")) {
                request.setHeader(header.name(), header.value());
            } else {
                request.header(header.name(), header.value());
            }
        }
    }

    /** The header names, never their values: {@code [Authorization, X-Client]}. */
    List<String> names() {
        return entries.stream().map(Header::name).toList();
    }
}
