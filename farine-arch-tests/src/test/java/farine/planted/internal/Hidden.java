package farine.planted.internal;

/** Planted: a public class in module "planted"'s internal package (see PlantedViolationsTest). */
public final class Hidden {
    public static int answer() {
        return 42;
    }
}
