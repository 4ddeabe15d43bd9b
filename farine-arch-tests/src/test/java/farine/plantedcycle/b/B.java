package farine.plantedcycle.b;

import farine.plantedcycle.a.A;

/** Planted: a and b use each other. */
public final class B {
    Object a() {
        return A.b();
    }
}
