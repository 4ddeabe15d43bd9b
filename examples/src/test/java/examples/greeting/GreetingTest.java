package examples.greeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Services are plain classes: a unit test is a plain {@code new}. */
class GreetingTest {

    @Test
    void helloGreetsByName() {
        assertThat(new Greeting().hello("Ada")).isEqualTo("Hello, Ada!");
    }

    @Test
    void squaresStreamsOneToNSquared() {
        assertThat(new Greeting().squares(4)).containsExactly(1, 4, 9, 16);
        assertThat(new Greeting().squares(0)).isEmpty();
    }

    @Test
    void welcomeUsesWhateverGreeterItIsGiven() {
        Greeter local = new Greeter() {
            @Override
            public String hello(String name) {
                return "Hi " + name + ".";
            }

            @Override
            public Stream<Integer> squares(int n) {
                return new Greeting().squares(n);
            }
        };
        assertThat(new Welcome(local).welcome("Cy")).isEqualTo("Hi Cy. Welcome aboard.");
        assertThat(new Welcome(local).sumOfSquares(3)).isEqualTo(14);
    }
}
