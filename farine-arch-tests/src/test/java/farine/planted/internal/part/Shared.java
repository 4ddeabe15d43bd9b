package farine.planted.internal.part;

/** Planted: public because a sibling internal package of the same module ("planted") uses it, which the rule allows. */
public final class Shared {
    public static int answer() {
        return 7;
    }
}
