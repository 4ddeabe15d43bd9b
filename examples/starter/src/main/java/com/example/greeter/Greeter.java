package com.example.greeter;

import farine.rpc.RpcMethod;

/** A farine service: {@code greeter.hello("Ada")} answers {@code "Hello, Ada!"} to any caller, Java or Python. */
public final class Greeter {

    @RpcMethod
    public String hello(String name) {
        return "Hello, " + name + "!";
    }
}
