package farine.internal.unreachable;

import farine.Execute;

/** Public, but its only entry point is private: farine would never call it. */
public final class Secretive {
    @Execute
    private void run() {
    }
}
