package farine.testing.internal;

/** A lookup step that cannot serve here (not on the classpath, no Docker engine); the message says why. */
public final class Unavailable extends Exception {

    private static final long serialVersionUID = 1L;

    public Unavailable(String reason) {
        super(reason, null, false, false);
    }
}
