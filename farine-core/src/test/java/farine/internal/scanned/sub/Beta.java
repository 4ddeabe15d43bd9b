package farine.internal.scanned.sub;

import farine.Service;

/** A service in a sub-package, found by its annotation alone. */
@Service("beta-service")
public final class Beta {
}
