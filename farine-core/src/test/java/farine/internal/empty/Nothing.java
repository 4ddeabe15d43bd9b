package farine.internal.empty;

/** A package with classes but no service. */
public final class Nothing {
}
