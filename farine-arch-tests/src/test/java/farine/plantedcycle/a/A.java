package farine.plantedcycle.a;

import farine.plantedcycle.b.B;

/** Planted: a and b use each other. */
public final class A {
    public static B b() {
        return new B();
    }
}
