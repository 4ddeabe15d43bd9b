package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Private methods run only for a request carrying the service's rpc_token; every other request is refused unrun. */
class PrivateMethodIT {

    private static final String TOKEN = "s3cret-vault-token";
    private static Container server;

    @BeforeAll
    static void start() {
        server = Broker.start(Broker.config(Map.of("rpcit_vault", Map.of("rpc_token", TOKEN, "rpc_private", "peek"))), Vault.class);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static Config tokens(String token) {
        return Config.of(Map.of("rpcit_vault", Map.of("rpc_token", token)));
    }

    @Test
    void aTypedProxyWithTheTokenCallsPrivateMethodsAndOneWithoutOrWithAWrongTokenIsRefused() {
        try (RpcClients trusted = RpcClients.connect(Broker.uri(), tokens(TOKEN));
                RpcClients anonymous = RpcClients.connect(Broker.uri());
                RpcClients wrong = RpcClients.connect(Broker.uri(), tokens("guess"));
                LogCapture log = new LogCapture()) {
            int before = trusted.proxy("rpcit_vault", VaultClient.class).open(0);

            for (RpcClients refused : List.of(anonymous, wrong)) {
                VaultClient vault = refused.proxy("rpcit_vault", VaultClient.class);
                assertThatThrownBy(() -> vault.open(5)).isInstanceOfSatisfying(RemoteException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo("Unauthorized");
                    assertThat(e.remoteMessage()).startsWith("rpcit_vault.open is a private method: the request carried");
                });
                assertThatThrownBy(vault::peek).isInstanceOf(RemoteException.class).hasMessageContaining("Unauthorized");
                assertThat(vault.hello()).isEqualTo("hello"); // public methods need no token
            }
            // neither refused call ran the method
            assertThat(trusted.proxy("rpcit_vault", VaultClient.class).open(1)).isEqualTo(before + 1);
            assertThat(trusted.proxy("rpcit_vault", VaultClient.class).peek()).isEqualTo(before + 2);

            assertThat(log.containing("private method called without a token; refused")).hasSize(2);
            assertThat(log.containing("private method called with a wrong token; refused")).hasSize(2)
                    .allMatch(e -> LogCapture.is(e, Level.WARN));
            assertThat(log.containing(TOKEN)).isEmpty();
            assertThat(log.containing("guess")).isEmpty();
        }
    }

    /** Calls {@link Vault}'s private {@code open} from inside a service, through an injected typed proxy and an injected caller. */
    public static final class VaultTeller {
        private final VaultClient vault;

        public VaultTeller(@RpcClient("rpcit_vault") VaultClient vault) {
            this.vault = vault;
        }

        @RpcMethod
        public String viaProxy(int amount) {
            return attempt(() -> vault.open(amount));
        }

        @RpcMethod
        public String viaCaller(@RpcClient("rpcit_vault") RpcCaller caller, int amount) {
            return attempt(() -> caller.call(Integer.class, "open", amount));
        }

        private static String attempt(Supplier<Integer> call) {
            try {
                return "opened " + call.get();
            } catch (RemoteException e) {
                return e.remoteType();
            }
        }
    }

    @Test
    void servicesSendTheTokenOfTheTargetsSectionThroughInjectedProxiesAndCallers() {
        // the teller's own container: [rpcit_vault] rpc_token is what its clients of rpcit_vault send
        for (String token : new String[] {null, "guess"}) {
            Map<String, Map<String, String>> sections = token == null ? Map.of() : Map.of("rpcit_vault", Map.of("rpc_token", token));
            try (Container teller = Broker.start(Broker.config(sections), VaultTeller.class); RpcClients clients = RpcClients.connect(Broker.uri())) {
                int before = Vault.OPENED.get();
                assertThat(clients.caller("vaultteller").call("viaProxy", 5)).as("token %s", token).isEqualTo("Unauthorized");
                assertThat(clients.caller("vaultteller").call("viaCaller", 5)).as("token %s", token).isEqualTo("Unauthorized");
                assertThat(Vault.OPENED.get()).as("the refused calls did not run open").isEqualTo(before);
            }
        }
        try (Container teller = Broker.start(Broker.config(Map.of("rpcit_vault", Map.of("rpc_token", TOKEN))), VaultTeller.class);
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            int before = Vault.OPENED.get();
            assertThat(clients.caller("vaultteller").call("viaProxy", 2)).isEqualTo("opened " + (before + 2));
            assertThat(clients.caller("vaultteller").call("viaCaller", 3)).isEqualTo("opened " + (before + 5));
        }
    }

    @Test
    void aRawAmqpClientIsRefusedWithoutTheHeaderAndServedWithIt() throws Exception {
        try (Connection raw = Broker.connect(); PythonStyleClient client = new PythonStyleClient(raw, "rpcit_vault")) {
            int before = Vault.OPENED.get();
            String refused = client.send("open", List.of(7), Map.of());
            JsonNode error = client.first(refused);
            assertThat(error.get("__except__").asString()).startsWith("Unauthorized: rpcit_vault.open is a private method: the request carried no token");
            assertThat(error.get("__error__").get("type").asString()).isEqualTo("Unauthorized");
            String wrong = client.sendRaw("open", "{\"args\": [7], \"kwargs\": {}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    client.replyQueue(), Map.of("x-farine-token", "guess"));
            assertThat(client.first(wrong).get("__except__").asString()).startsWith("Unauthorized: rpcit_vault.open is a private method: the request carried a wrong token");
            assertThat(Vault.OPENED.get()).isEqualTo(before);

            String served = client.sendRaw("open", "{\"args\": [7], \"kwargs\": {}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    client.replyQueue(), Map.of("x-farine-token", TOKEN));
            assertThat(client.first(served).get("body").asInt()).isEqualTo(before + 7);
        }
    }

    @Test
    void aPrivateMethodWithoutATokenFailsTheStart() {
        assertThatThrownBy(() -> Broker.start(Broker.config(Map.of()), Vault.class)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[rpcit_vault] open is a private method but the service has no rpc_token");
    }
}
