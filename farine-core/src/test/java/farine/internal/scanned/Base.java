package farine.internal.scanned;

import farine.Execute;

/** Abstract: the scanner leaves it out. */
public abstract class Base {
    @Execute
    public void run() {
    }
}
