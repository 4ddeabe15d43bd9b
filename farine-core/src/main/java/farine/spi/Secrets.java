package farine.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets before anything is logged, put in a message or printed by {@code farine config}: one rule for
 * all three ({@link #isSecretKey}), applied to INI keys and to parameter names inside values alike.
 */
public final class Secrets {

    private static final String MASK = "****";
    // what makes a name secret, anywhere in it (db_password, sslpassword, access_token, client_secret, x-auth-token,
    // credentials), in any case; "key" only as the end of a name (api_key, apikey, sslkey), not routing_key
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(?:password|passwd|pwd|secret|token|auth|credential|(?<!routing_)key$|(?<!routing_)key(?=[^a-z]))");
    // user:password@host inside any URI-like value (amqp://, amqps://, postgresql://, http://): up to the last '@'
    // before the host, so that a password with an unencoded '/', '@' or space (a malformed URI) is still hidden
    private static final Pattern URI_PASSWORD = Pattern.compile("(?<=://)([^:/@\\s]*):(.*?)@(?=[^@\\s]*(?:\\s|$))");
    // name=value as a query parameter (JDBC URLs, an SSE endpoint's ?access_token=) or in a key=value list,
    // whenever the name is secret by the same rule as an INI key
    private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_.\\-]+)=([^&;\\s]*)");

    private Secrets() {
    }

    /**
     * Whether a key's value is secret: its name holds password, passwd, pwd, secret, token, auth or credential,
     * or ends in key ({@code api_key}, {@code sslkey}; not {@code routing_key}), in any case and with any prefix;
     * and {@code headers} (they often carry an Authorization header).
     */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_NAME.matcher(k).find() || k.equals("headers") || k.endsWith(".headers");
    }

    public static String mask(String key, String value) {
        if (value == null) {
            return null;
        }
        if (key != null && isSecretKey(key)) {
            return value.isEmpty() ? value : MASK;
        }
        return maskUri(value);
    }

    /** Masks the password of every URI in the text; safe on any string. */
    public static String maskUri(String text) {
        if (text == null) {
            return null;
        }
        String masked = URI_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
        return PARAM.matcher(masked).replaceAll(m -> isSecretKey(m.group(1)) && !m.group(2).isEmpty()
                ? Matcher.quoteReplacement(m.group(1) + "=" + MASK) : Matcher.quoteReplacement(m.group()));
    }
}
