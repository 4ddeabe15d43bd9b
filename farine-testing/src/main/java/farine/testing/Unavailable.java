package farine.testing;

/** A lookup step that cannot serve here (not on the classpath, no Docker engine); the message says why. */
final class Unavailable extends Exception {

    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
        super(reason, null, false, false);
    }
}
