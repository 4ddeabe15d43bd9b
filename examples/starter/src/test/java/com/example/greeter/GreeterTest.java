package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import farine.rpc.RpcClients;
import farine.testing.FarineTest;
import farine.testing.ServiceRunner;
import org.junit.jupiter.api.Test;

/** Runs the service in-process on the test broker (a local RabbitMQ, else one in a Docker container, else an embedded one) and calls it. */
@FarineTest(services = Greeter.class)
class GreeterTest {

    @Test
    void helloAnswersOverTheBroker(ServiceRunner runner) {
        RpcClients rpc = runner.client(RpcClients::connect);
        assertEquals("Hello, Ada!", rpc.caller("greeter").call(String.class, "hello", "Ada"));
    }
}
