package farine.rpc.internal;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of farine-rpc: immutable and thread-safe, so every call reuses it. */
final class RpcJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private RpcJson() {
    }
}
