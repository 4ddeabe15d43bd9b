package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.rpc.RpcCallbacks;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteSettingsTest {

    private static ConfigSection section(Map<String, String> keys) {
        return Config.of(Map.of("maths", keys)).section("maths");
    }

    @Test
    void callbacksRunOnVirtualThreadsUnlessTheSectionSaysReplyThread() {
        assertThat(RemoteSettings.callbacks(section(Map.of()))).isEqualTo(RpcCallbacks.VIRTUAL_THREAD);
        assertThat(RemoteSettings.callbacks(section(Map.of("rpc_callbacks", "virtual_thread")))).isEqualTo(RpcCallbacks.VIRTUAL_THREAD);
        assertThat(RemoteSettings.callbacks(section(Map.of("rpc_callbacks", "reply_thread")))).isEqualTo(RpcCallbacks.REPLY_THREAD);
        assertThat(RemoteSettings.callbacks(section(Map.of("rpc_callbacks", " Reply_Thread ")))).isEqualTo(RpcCallbacks.REPLY_THREAD);
    }

    @Test
    void anUnknownCallbacksValueNamesSectionKeyValueAndTheChoices() {
        assertThatThrownBy(() -> RemoteSettings.callbacks(section(Map.of("rpc_callbacks", "reader"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[maths] rpc_callbacks = reader: must be virtual_thread or reply_thread (default virtual_thread)");
    }
}
