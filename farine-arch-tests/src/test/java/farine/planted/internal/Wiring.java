package farine.planted.internal;

import farine.planted.internal.part.Shared;

/** Planted: uses its module's sibling internal package (allowed); package-private itself. */
final class Wiring {
    int wire() {
        return Shared.answer() + Lonely.answer();
    }
}
