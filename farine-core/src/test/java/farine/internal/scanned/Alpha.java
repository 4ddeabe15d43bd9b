package farine.internal.scanned;

import farine.Execute;

/** A service found by its entry point. */
public final class Alpha {
    @Execute
    public void run() {
    }
}
