package farine.gateway;

import farine.FarineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a streamed method's items as they arrive: Server-Sent Events ({@code Accept: text/event-stream}; one
 * event per item, then an {@code end} event, or an {@code error} event with the error object), NDJSON
 * ({@code application/x-ndjson}; one object a line, as the SSE events: {@code {"item": x}} per item, then
 * {@code {"end": {"items": N}}} or {@code {"error": {...}}}, so that an error is never taken for an item and a
 * stream cut short shows by its missing last line), else one JSON array once the stream ended. A failure before the first item is an ordinary error status.
 */
final class ItemStream {

    private static final Logger LOG = LoggerFactory.getLogger(ItemStream.class);
    static final String SSE = "text/event-stream";
    static final String NDJSON = "application/x-ndjson";

    private ItemStream() {
    }

    static void write(Exchange exchange, Stream<Object> items, String service, String method, JsonMapper json) throws IOException {
        String accept = String.valueOf(exchange.header("Accept"));
        try (items) {
            Iterator<Object> it = items.iterator();
            boolean any = it.hasNext(); // the first reply (or the failure) before the status is chosen
            if (accept.contains(SSE) || accept.contains(NDJSON)) {
                boolean sse = accept.contains(SSE);
                exchange.header("Cache-Control", "no-cache");
                incremental(exchange.stream(200, sse ? SSE : NDJSON), it, any, sse, service, method, json);
            } else {
                List<Object> all = new ArrayList<>();
                while (any) {
                    all.add(it.next());
                    any = it.hasNext();
                }
                HttpReplies.json(exchange, 200, all, json);
            }
        }
    }

    private static void incremental(OutputStream out, Iterator<Object> it, boolean any, boolean sse, String service, String method,
            JsonMapper json) {
        long count = 0;
        try (out) {
            try {
                while (any) {
                    String item = json.writeValueAsString(it.next());
                    out.write((sse ? "data: " + item + "\n\n" : "{\"item\":" + item + "}\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    count++;
                    any = it.hasNext();
                }
                out.write((sse ? "event: end\ndata: {\"items\":" + count + "}\n\n" : "{\"end\":{\"items\":" + count + "}}\n")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (FarineException e) {
                HttpError error = RpcRoute.failure(e, service, method);
                String line = json.writeValueAsString(Map.of("error", HttpReplies.errorObject(error.type(), error.getMessage(), service, method)));
                out.write((sse ? "event: error\ndata: " + line + "\n\n" : line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the client hung up: closing the stream (try-with-resources in write) forgets the call and cancels it, so
            // that a farine service stops producing (PROTOCOL.md §7)
            LOG.debug("client of {}.{} hung up after {} items: stream closed, call cancelled ({})", service, method, count, e.toString());
        }
    }
}
