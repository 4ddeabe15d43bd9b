package farine.gateway;

import java.io.IOException;

/** One of the gateway's routes: answers an {@link Exchange} (every failure as a status and an error object). */
@FunctionalInterface
interface Route {
    void handle(Exchange exchange) throws IOException;
}
