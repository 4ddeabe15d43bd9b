package farine.internal.unreachable;

import farine.Execute;

/** Package-private: farine cannot create it, and says so rather than "no service found". */
final class Shy {
    @Execute
    public void run() {
    }
}
