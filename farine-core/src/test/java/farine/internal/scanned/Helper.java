package farine.internal.scanned;

/** A public class without entry points: not a service. */
public final class Helper {
    public void help() {
    }
}
