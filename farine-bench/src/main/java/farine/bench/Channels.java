package farine.bench;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/** Closing channels at the end of a run, where a failure to close is not worth stopping for. */
final class Channels {

    private Channels() {
    }

    static void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException e) {
            // abort() closes the socket side regardless; an error here only means it was closed already
        }
    }
}
