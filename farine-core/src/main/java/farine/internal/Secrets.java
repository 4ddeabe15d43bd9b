package farine.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Masks secrets before anything is logged or put in a message. */
public final class Secrets {

    private static final String MASK = "****";
    // user:password@ inside any URI-like value (amqp://, amqps://, postgresql://, http://)
    // greedy up to the last '@' of the token: a password with an unencoded '/' or '@' is still hidden
    private static final Pattern URI_PASSWORD = Pattern.compile("(?<=://)([^:/@\\s]*):(\\S*)@");
    // password=... as a query parameter (JDBC URLs) or in a key=value list
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)\\b(password|passwd|pwd|secret|token)=([^&;\\s]*)");

    private Secrets() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token")
                || k.equals("headers") || k.endsWith(".headers");
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
        return PARAM_PASSWORD.matcher(masked).replaceAll("$1=" + MASK);
    }
}
