package farine.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * One Server-Sent Event as the WHATWG specification dispatches it. Immutable; safe to share between
 * threads.
 *
 * @param id the last event id when the event was dispatched (it carries over from earlier events
 *     when this one has no {@code id:} field), {@code ""} when the server never sent one
 * @param event the event type, {@code "message"} when the event had no {@code event:} field
 * @param data the data lines joined with {@code "\n"}
 * @param retry the reconnection delay a {@code retry:} field set while this event was read, or null
 */
public record SseEvent(String id, String event, String data, Duration retry) {

    /** The type of an event that names none. */
    public static final String DEFAULT_EVENT = "message";

    public SseEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /** An event with data only, as a server sends {@code data: ...} followed by a blank line. */
    public static SseEvent of(String data) {
        return new SseEvent("", DEFAULT_EVENT, data, null);
    }
}
