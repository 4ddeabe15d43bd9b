package farine;

/** Root of every exception farine throws. Unchecked: callers catch the subclasses they can act on. */
public class FarineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FarineException(String message) {
        super(message);
    }

    public FarineException(String message, Throwable cause) {
        super(message, cause);
    }
}
