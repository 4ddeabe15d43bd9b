package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Container;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The web console at GET / in Debian's headless chromium, driven by Selenium through chromium-driver. */
class ConsoleIT {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static Container kitchen;
    static Gateway gateway;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM.canExecute()).as("Debian's chromium: apt-get install -y chromium chromium-driver (.ci/run does)").isTrue();
        assertThat(CHROMEDRIVER.canExecute()).as("Debian's chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)").isTrue();
        kitchen = GatewayBroker.kitchen();
        gateway = Gateway.start(GatewayBroker.config(Map.of()));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build(), options);
        browser.get(gateway.uri().toString());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (kitchen != null) {
            kitchen.close();
        }
    }

    private static WebElement method(String name) {
        By by = By.cssSelector("section[data-service='gw_kitchen'] div.method[data-method='" + name + "']");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(by).isEmpty());
        return browser.findElement(by);
    }

    private static void call(WebElement method, String args) {
        WebElement textarea = method.findElement(By.cssSelector("textarea.args"));
        textarea.clear();
        textarea.sendKeys(args);
        method.findElement(By.cssSelector("button.call")).click();
    }

    private static List<String> items(WebElement method) {
        return method.findElements(By.cssSelector("ol.items li")).stream().map(WebElement::getText).toList();
    }

    @Test
    void theConsoleListsTheRunningServiceWithItsInstanceAndMethods() {
        WebElement cook = method("cook"); // waits for the page's first fetch of /services
        WebElement section = browser.findElement(By.cssSelector("section[data-service='gw_kitchen']"));
        assertThat(section.findElement(By.tagName("h2")).getText()).isEqualTo("gw_kitchen");
        assertThat(section.findElement(By.cssSelector("li.instance")).getText()).contains("pid " + ProcessHandle.current().pid());
        assertThat(cook.findElement(By.tagName("h3")).getText()).startsWith("cook(dish, extra)");
        assertThat(method("secret").findElement(By.tagName("h3")).getText()).contains("private");
    }

    @Test
    void aCallShowsItsResult() {
        WebElement hello = method("hello");
        call(hello, "[\"Ada\"]");
        WebElement result = hello.findElement(By.cssSelector("pre.result"));
        await().atMost(Duration.ofSeconds(10)).until(() -> result.getAttribute("class").contains("done"));
        assertThat(result.getText()).isEqualTo("\"Hello, Ada!\"");
    }

    @Test
    void aStreamedResultAppearsItemByItem() {
        WebElement gated = method("gated");
        call(gated, "[3]");
        // the service holds each next item until released: the page must show item 1 alone first
        await().atMost(Duration.ofSeconds(10)).until(() -> items(gated).size() == 1);
        assertThat(items(gated)).containsExactly("\"item 1\"");
        Http.call(gateway.uri(), "rpc/gw_kitchen/release", "[]");
        await().atMost(Duration.ofSeconds(10)).until(() -> items(gated).size() == 2);
        assertThat(gated.findElement(By.cssSelector("pre.result")).getAttribute("class")).doesNotContain("done");
        Http.call(gateway.uri(), "rpc/gw_kitchen/release", "[]");
        await().atMost(Duration.ofSeconds(10)).until(() -> gated.findElement(By.cssSelector("pre.result")).getAttribute("class").contains("done"));
        assertThat(items(gated)).containsExactly("\"item 1\"", "\"item 2\"", "\"item 3\"");
    }

    @Test
    void aRemoteErrorShowsItsTypeAndMessage() {
        WebElement fail = method("fail");
        call(fail, "[\"no eggs\"]");
        WebElement result = fail.findElement(By.cssSelector("pre.result"));
        await().atMost(Duration.ofSeconds(10)).until(() -> result.getAttribute("class").contains("error"));
        assertThat(result.findElement(By.cssSelector(".error-type")).getText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(result.findElement(By.cssSelector(".error-message")).getText()).isEqualTo("no eggs");
    }

    @Test
    void anErrorInTheMiddleOfAStreamShowsAfterTheItems() {
        WebElement broken = method("brokenAfter");
        call(broken, "[2]");
        WebElement result = broken.findElement(By.cssSelector("pre.result"));
        await().atMost(Duration.ofSeconds(10)).until(() -> result.getAttribute("class").contains("error"));
        assertThat(items(broken)).containsExactly("1", "2");
        assertThat(result.getText()).isEqualTo("java.lang.IllegalStateException: ran out after 2");
    }
}
