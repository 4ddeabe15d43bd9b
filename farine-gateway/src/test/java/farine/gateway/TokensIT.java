package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Container;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens of [gateway.token.NAME]: 401 without one, 403 outside its routes, private methods, 429. */
class TokensIT {

    static final String CI = "Bearer ci-token-0123456789abcdef";
    static final String OPS = "Bearer ops-token-0123456789abcdef";
    static final String SLOW = "Bearer slow-token-0123456789abcde";
    static Container kitchen;
    static Gateway gateway;
    static URI base;

    @BeforeAll
    static void start() {
        kitchen = GatewayBroker.kitchen();
        gateway = Gateway.start(GatewayBroker.config(Map.of(
                "gateway", Map.of("port", "0", "bind", "127.0.0.1"),
                "gateway.token.ci", Map.of("token", CI.substring(7), "routes", "gw_kitchen.hello, gw_kitchen.slow gw_kitchen.secret",
                        "max_in_flight", "1"),
                "gateway.token.ops", Map.of("token", OPS.substring(7), "routes", "gw_kitchen.*", "private", "true"),
                // one request per minute: the second at once is over the rate whatever the machine's speed
                "gateway.token.slow", Map.of("token", SLOW.substring(7), "routes", "gw_kitchen.*, publish:*", "max_rate", "0.0167"))));
        base = gateway.uri();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kitchen != null) {
            kitchen.close();
        }
    }

    @Test
    void noTokenOrAWrongOneIs401SayingNothingMore() {
        Http.Reply none = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]");
        Http.Reply wrong = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]", "Authorization", "Bearer ci-token-0123456789abcdeX");
        Http.Reply basic = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]", "Authorization", "Basic Y2k6Y2k=");
        for (Http.Reply reply : new Http.Reply[] {none, wrong, basic}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"farine\"");
        }
        assertThat(wrong.body()).isEqualTo(none.body());
        assertThat(Http.get(base, "services").status()).isEqualTo(401);
        assertThat(Http.get(base, "openapi.json").status()).isEqualTo(401);
        assertThat(Http.get(base, "health").status()).isEqualTo(200);
    }

    @Test
    void aTokenReachesItsRoutesAndIs403Elsewhere() {
        Http.Reply hello = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]", "Authorization", CI);
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body().asString()).isEqualTo("Hello, Ada!");
        Http.Reply add = Http.call(base, "rpc/gw_kitchen/add", "[1, 2]", "Authorization", CI);
        assertThat(add.status()).isEqualTo(403);
        assertThat(add.body().at("/error/message").asString()).isEqualTo("this token may not use this route");
        assertThat(Http.call(base, "rpc/other/hello", "[]", "Authorization", CI).status()).isEqualTo(403);
        assertThat(Http.call(base, "rpc/gw_kitchen/add", "[1, 2]", "Authorization", OPS).body().asInt()).isEqualTo(3);
        assertThat(Http.get(base, "services", "Authorization", CI).status()).isEqualTo(200);
        assertThat(Http.call(base, "publish/gw_orders/order.created", "{}", "Authorization", CI).status()).as("no publish: route").isEqualTo(403);
    }

    @Test
    void privateMethodsOnlyForTokensAllowedToAndARefusedCallDoesNotRun() {
        int before = Kitchen.SECRETS.get();
        Http.Reply refused = Http.call(base, "rpc/gw_kitchen/secret", "[]", "Authorization", CI); // in its routes, not private
        assertThat(refused.status()).isEqualTo(403);
        assertThat(Kitchen.SECRETS.get()).isEqualTo(before);
        Http.Reply allowed = Http.call(base, "rpc/gw_kitchen/secret", "[]", "Authorization", OPS);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body().asString()).isEqualTo("the recipe");
        assertThat(Kitchen.SECRETS.get()).isEqualTo(before + 1);
    }

    @Test
    void aServiceThatRefusesTheForwardedTokenIs403() {
        try (Gateway misconfigured = Gateway.start(GatewayBroker.config(Map.of(
                "gw_kitchen", Map.of("rpc_token", "not-the-kitchens-token"),
                "gateway.token.ops", Map.of("token", OPS.substring(7), "routes", "*", "private", "true"))))) {
            int before = Kitchen.SECRETS.get();
            Http.Reply reply = Http.call(misconfigured.uri(), "rpc/gw_kitchen/secret", "[]", "Authorization", OPS);
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body().at("/error/message").asString()).startsWith("the service refused the call");
            assertThat(Kitchen.SECRETS.get()).isEqualTo(before);
        }
    }

    @Test
    void overMaxInFlightIs429() {
        CompletableFuture<HttpResponse<String>> slow = Http.CLIENT.sendAsync(
                Http.post(base, "rpc/gw_kitchen/slow", "[1500]", "Authorization", CI).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(base, "health").body().get("pending_calls").asInt() == 1);
        Http.Reply second = Http.call(base, "rpc/gw_kitchen/hello", "[\"Bo\"]", "Authorization", CI);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body().at("/error/type").asString()).isEqualTo("TooManyRequests");
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Bo\"]", "Authorization", OPS).status()).as("another token's budget").isEqualTo(200);
        assertThat(slow.join().statusCode()).isEqualTo(200);
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Bo\"]", "Authorization", CI).status()).isEqualTo(200);
    }

    @Test
    void overMaxRateIs429WithRetryAfter() {
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Cy\"]", "Authorization", SLOW).status()).isEqualTo(200);
        Http.Reply second = Http.call(base, "rpc/gw_kitchen/hello", "[\"Cy\"]", "Authorization", SLOW);
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body().at("/error/type").asString()).isEqualTo("TooManyRequests");
        assertThat(second.body().at("/error/message").asString()).contains("max_rate");
        assertThat(Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        // publishes draw from the same bucket
        assertThat(Http.call(base, "publish/amq.topic/x", "{}", "Authorization", SLOW).status()).isEqualTo(429);
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Cy\"]", "Authorization", OPS).status()).as("another token's rate").isEqualTo(200);
    }

    /** Not in the registry (registry = false), as a Python service or one whose announcement has not arrived. */
    @farine.Service("gw_unlisted")
    public static final class Unlisted {
        static final java.util.concurrent.atomic.AtomicInteger SECRETS = new java.util.concurrent.atomic.AtomicInteger();

        @farine.rpc.RpcMethod
        public String hello(String name) {
            return "Hi, " + name;
        }

        @farine.rpc.RpcMethod(privateMethod = true)
        public String secret() {
            SECRETS.incrementAndGet();
            return "unlisted recipe";
        }
    }

    @Test
    void rpcTokenInDefaultLeavesUnlistedMethodsPublicAndTheServiceGuardsItsPrivateOnes() {
        Map<String, Map<String, String>> sections = Map.of(
                "DEFAULT", Map.of("amqp_uri", GatewayBroker.VHOST.amqpUri(), "shutdown_timeout", "5s", "rpc_token", "one-token-for-every-service",
                        "registry", "false"),
                "gateway.token.ci", Map.of("token", CI.substring(7), "routes", "gw_unlisted.*"),
                "gateway.token.ops", Map.of("token", OPS.substring(7), "routes", "*", "private", "true"));
        try (Container unlisted = Container.create(GatewayBroker.config(sections), java.util.List.of(Unlisted.class));
                Gateway own = start(unlisted, sections)) {
            URI at = own.uri();
            Http.Reply hello = Http.call(at, "rpc/gw_unlisted/hello", "[\"Ada\"]", "Authorization", CI);
            assertThat(hello.status()).as(hello.body().toString()).isEqualTo(200);
            assertThat(hello.body().asString()).isEqualTo("Hi, Ada");
            // the gateway cannot tell it is private: it calls without the service's token, and the service refuses
            Http.Reply refused = Http.call(at, "rpc/gw_unlisted/secret", "[]", "Authorization", CI);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().at("/error/message").asString()).startsWith("the service refused the call");
            assertThat(Unlisted.SECRETS.get()).isZero();
            Http.Reply allowed = Http.call(at, "rpc/gw_unlisted/secret", "[]", "Authorization", OPS);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(Unlisted.SECRETS.get()).isEqualTo(1);
        }
    }

    private static Gateway start(Container service, Map<String, Map<String, String>> sections) {
        service.start();
        return Gateway.start(GatewayBroker.config(sections));
    }
}
