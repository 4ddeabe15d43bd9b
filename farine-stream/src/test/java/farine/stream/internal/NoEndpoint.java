package farine.stream.internal;

import farine.Service;
import farine.stream.HttpStream;

/** An {@code @HttpStream} without an endpoint anywhere. */
@Service("no-endpoint")
public final class NoEndpoint {

    @HttpStream
    public void receive(String data) {
    }
}
