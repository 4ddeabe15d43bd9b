package farine.planted.internal;

/** Planted: public, though only its own package uses it and no META-INF/services file names it. */
public final class Lonely {
    static int answer() {
        return 1;
    }
}
