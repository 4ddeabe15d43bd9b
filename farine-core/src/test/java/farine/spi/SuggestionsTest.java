package farine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("concurrency", "connect_timeout", "prefetch", "retries", "retry_delay");

    @Test
    void aMisspeltKeyFindsTheKeyItResembles() {
        assertThat(Suggestions.closest("concurency", KEYS)).contains("concurrency");
        assertThat(Suggestions.closest("perfetch", KEYS)).contains("prefetch");
        assertThat(Suggestions.closest("retry_dealy", KEYS)).contains("retry_delay");
    }

    @Test
    void aWordLikeNothingKnownOrAlreadyKnownGetsNoSuggestion() {
        assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
        assertThat(Suggestions.closest("retries", KEYS)).isEmpty();
        assertThat(Suggestions.closest("ab", List.of("ac"))).isEmpty();
    }
}
