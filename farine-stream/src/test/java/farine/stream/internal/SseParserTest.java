package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> discarded = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Sink() {
        @Override
        public void event(SseEvent event) {
            events.add(event);
        }

        @Override
        public void discarded(String lastEventId, String eventType, long bytes) {
            discarded.add(lastEventId + "/" + eventType + "/" + bytes);
        }
    }, "", Duration.ofMillis(3000), 1024);

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }

    @Test
    void dataLineFollowedByBlankLineIsOneMessageEvent() {
        feed("data: hello\n\n");

        assertThat(events).containsExactly(new SseEvent("", "message", "hello", null));
    }

    @Test
    void multipleDataLinesAreJoinedWithNewlines() {
        feed("data: first\ndata: second\ndata:\ndata: fourth\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("first\nsecond\n\nfourth");
    }

    @Test
    void onlyOneLeadingSpaceOfAValueIsRemoved() {
        feed("data:  two spaces\ndata:none\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly(" two spaces\nnone");
    }

    @Test
    void crLfAndCrlfAllEndLines() {
        feed("data: a\r\rdata: b\n\ndata: c\r\n\r\ndata: d\r\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b", "c", "d");
    }

    @Test
    void crlfSplitAcrossTwoReadsIsOneLineEnd() {
        feed("data: a\r");
        feed("\ndata: b\r");
        feed("\n\r");
        feed("\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb");
    }

    @Test
    void eventFieldSetsTheTypeOfOneEventOnly() {
        feed("event: tick\ndata: 1\n\ndata: 2\n\n");

        assertThat(events).extracting(SseEvent::event).containsExactly("tick", "message");
    }

    @Test
    void idCarriesOverToLaterEventsAndIsTheLastEventId() {
        feed("id: 7\ndata: a\n\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("7", "7");
        assertThat(parser.lastEventId()).isEqualTo("7");
    }

    @Test
    void emptyIdResetsTheLastEventId() {
        feed("id: 7\ndata: a\n\nid\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("7", "");
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void idContainingNullIsIgnored() {
        feed("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::id).containsExactly("1", "1");
    }

    @Test
    void idOfAnEventWithoutDataStillBecomesTheLastEventId() {
        feed("id: 9\n\n");

        assertThat(events).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("9");
    }

    @Test
    void idIsCommittedOnlyWhenTheEventIsDispatched() {
        feed("id: 1\ndata: a\n\nid: 2\ndata: b\n");

        assertThat(parser.lastEventId()).isEqualTo("1");
    }

    @Test
    void retryWithDigitsSetsTheReconnectionTime() {
        feed("retry: 250\ndata: a\n\n");

        assertThat(parser.reconnectionTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(events).extracting(SseEvent::retry).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void retryWithAnythingButDigitsIsIgnored() {
        feed("retry: 1.5\nretry: -1\nretry: 10s\nretry:\nretry: 99999999999999999999\ndata: a\n\n");

        assertThat(parser.reconnectionTime()).isEqualTo(Duration.ofMillis(3000));
        assertThat(events).extracting(SseEvent::retry).containsOnlyNulls();
    }

    @Test
    void retryWithoutDataChangesTheDelayButDispatchesNothing() {
        feed("retry: 10\n\n");

        assertThat(events).isEmpty();
        assertThat(parser.reconnectionTime()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void commentsAreIgnored() {
        feed(": keep-alive\n:\ndata: a\n: between\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb");
    }

    @Test
    void fieldWithoutColonHasAnEmptyValue() {
        feed("data\ndata\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("\n");
    }

    @Test
    void dataFieldWithEmptyValueDispatchesAnEventWithEmptyData() {
        feed("data\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("");
    }

    @Test
    void blankLinesWithoutDataDispatchNothing() {
        feed("\n\n\nevent: x\n\n");

        assertThat(events).isEmpty();
    }

    @Test
    void unknownAndMalformedFieldsAreIgnored() {
        feed("foo: bar\nDATA: shout\n data: indented\ndata : spaced\n\u00e9: x\ndata: ok\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("ok");
    }

    @Test
    void leadingByteOrderMarkIsDropped() {
        feed("\uFEFFdata: a\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a");
    }

    @Test
    void eachNewConnectionMayStartWithAByteOrderMark() {
        feed("\uFEFFdata: a\n\n");
        parser.newConnection();
        feed("\uFEFFdata: b\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void byteOrderMarkSplitAcrossReadsIsDropped() {
        byte[] bytes = "\uFEFFdata: a\n\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }

        assertThat(events).extracting(SseEvent::data).containsExactly("a");
    }

    @Test
    void byteOrderMarkAfterTheStartIsKept() {
        feed("data: a\n\n\uFEFFdata: b\n\ndata: c\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "c");
    }

    @Test
    void multiByteCharactersSplitAcrossReadsAreDecoded() {
        byte[] bytes = "data: h\u00e9llo \u20ac \uD83D\uDE00\n\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }

        assertThat(events).extracting(SseEvent::data).containsExactly("h\u00e9llo \u20ac \uD83D\uDE00");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xFF, 'x', '\n', '\n'};
        parser.feed(bytes, 0, bytes.length);

        assertThat(events).extracting(SseEvent::data).containsExactly("\uFFFDx");
    }

    @Test
    void incompleteEventIsDiscardedOnANewConnection() {
        feed("id: 1\ndata: a\n\nid: 2\ndata: partial\nda");
        parser.newConnection();
        feed("ta: b\n\ndata: c\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "c");
        assertThat(events).extracting(SseEvent::id).containsExactly("1", "1");
    }

    @Test
    void eventLargerThanTheLimitIsDiscardedAndTheStreamGoesOn() {
        feed("id: 5\ndata: " + "x".repeat(2000) + "\n\ndata: small\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("small");
        assertThat(events).extracting(SseEvent::id).containsExactly("5");
        assertThat(discarded).hasSize(1).first().asString().startsWith("5/message/");
    }

    @Test
    void manyDataLinesTogetherLargerThanTheLimitAreDiscarded() {
        feed("data: 0123456789\n".repeat(100) + "\ndata: after\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("after");
        assertThat(discarded).hasSize(1);
    }

    @Test
    void eventJustUnderTheLimitIsDelivered() {
        String payload = "y".repeat(1000);
        feed("data: " + payload + "\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly(payload);
    }

    @Test
    void everySplitOfTheStreamGivesTheSameEvents() {
        String stream = "\uFEFFretry: 5\r\n: c\rid: 1\nevent: e\ndata: x\u00e9\r\ndata\n\r\nid: 2\0\ndata: y\n\n";
        feed(stream);
        List<SseEvent> whole = List.copyOf(events);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            events.clear();
            SseParser fresh = new SseParser(events::add, "", Duration.ofMillis(3000), 1024);
            fresh.feed(bytes, 0, split);
            fresh.feed(bytes, split, bytes.length - split);
            assertThat(events).as("split at byte %d", split).isEqualTo(whole);
        }
        assertThat(whole).containsExactly(
                new SseEvent("1", "e", "x\u00e9\n", Duration.ofMillis(5)),
                new SseEvent("1", "message", "y", null));
    }
}
