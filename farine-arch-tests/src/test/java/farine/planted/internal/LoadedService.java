package farine.planted.internal;

/** Planted: public because META-INF/services names it, which the public-internal rule allows. */
public final class LoadedService implements Runnable {
    @Override
    public void run() {}
}
