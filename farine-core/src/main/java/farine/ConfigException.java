package farine;

/**
 * Bad or missing configuration: an unreadable INI file, a value that does not parse, a service that
 * cannot be wired. Thrown at startup, never while serving; the message names the section, key and
 * value (secrets masked), e.g. {@code [greeting] db_port = "abc": expected an integer}.
 */
public class ConfigException extends FarineException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
