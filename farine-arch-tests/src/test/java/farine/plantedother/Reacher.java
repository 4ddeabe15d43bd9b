package farine.plantedother;

import farine.planted.internal.Hidden;

/** Planted: module "plantedother" reaches into module "planted"'s internal package. */
final class Reacher {
    int reach() {
        return Hidden.answer();
    }
}
