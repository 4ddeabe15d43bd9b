package farine.internal.scanned;

import farine.Execute;

/** Not public: the scanner leaves it out. */
final class Hidden {
    @Execute
    public void run() {
    }
}
