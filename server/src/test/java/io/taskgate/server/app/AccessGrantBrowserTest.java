package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgate.server.browser.Browser;
import io.taskgate.server.browser.TestSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The login pages in Debian's chromium: Deny, the confirm-host step, a hostile description that
 * must not execute, the error page, and the layout at phone width. Screenshots of each page go to
 * {@code target/screenshots/}.
 */
class AccessGrantBrowserTest {

    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // 127.0.0.1 is allowed; localhost is not, so it needs the typed confirmation.
        server = new TestServer(dir, Map.of("TASKGATE_LOGIN_ALLOWED_HOSTS", "127.0.0.1"), Clock.systemUTC());
        SessionsApiTest.addUser(dir, "grace", "grace-password");
        server.taskgate.reloadUsers();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String grantUrl(String target, String description) {
        return "http://127.0.0.1:" + server.taskgate.port() + "/login?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)
                + "&description=" + URLEncoder.encode(description, StandardCharsets.UTF_8);
    }

    private static void signIn(Browser browser) {
        browser.fill("Username", "grace").fill("Password", "grace-password").click("Sign in with Taskgate account");
    }

    @Test
    void deny_sendsTheBrowserBackWithAccessDenied() {
        try (TestSite app = TestSite.start(); Browser browser = Browser.desktop()) {
            app.page("/cb", "<!doctype html><title>App</title><p>back</p>");
            browser.open(grantUrl(app.url("/cb?keep=1"), "Deny me"));
            signIn(browser);
            browser.click("Deny");
            assertThat(browser.currentUrl()).as(browser.describe()).isEqualTo(app.url("/cb?keep=1&error=access_denied"));
            assertThat(app.requests("/cb").getFirst().rawQuery()).isEqualTo("keep=1&error=access_denied");
        }
    }

    @Test
    void anUnknownHost_mustBeTyped_andAWrongAnswerGrantsNothing() {
        try (TestSite app = TestSite.start(); Browser browser = Browser.desktop()) {
            app.page("/cb", "<!doctype html><title>App</title><p>back</p>");
            String target = "http://localhost:" + app.url("/cb").split(":")[2];
            browser.open(grantUrl(target, "Please type my host"));
            signIn(browser);
            assertThat(browser.text()).contains("Type its host name, localhost, to confirm");
            browser.screenshot("grant-confirm-host");
            // The field is required: the browser itself holds back an empty Grant Access.
            WebElement field = browser.driver().findElement(By.id("confirm_host"));
            assertThat(field.getDomAttribute("required")).isNotNull();
            browser.fill("confirm_host", "127.0.0.1").click("Grant Access");
            assertThat(browser.text()).as(browser.describe()).contains("does not match localhost");
            browser.screenshot("grant-confirm-host-wrong");
            assertThat(app.requests("/cb")).isEmpty();
            browser.fill("confirm_host", "localhost").click("Grant Access");
            assertThat(browser.currentUrl()).as(browser.describe()).startsWith(target + "?clientId=local%2Fgrace&accessToken=");
        }
    }

    @Test
    void aHostileDescription_isShownAsText_andNothingInItRuns() {
        String hostile = "Hi <script>document.title='pwned'</script>\n\n<img src=x onerror=\"document.title='img'\">\n\n"
                + "[click me](javascript:document.title='link') and [ok](https://example.org/docs)";
        try (TestSite app = TestSite.start(); Browser browser = Browser.desktop()) {
            browser.open(grantUrl(app.url("/cb"), hostile));
            signIn(browser);
            browser.screenshot("grant-hostile-description");
            WebElement description = browser.driver().findElement(By.cssSelector(".description"));
            assertThat(description.findElements(By.tagName("script"))).isEmpty();
            assertThat(description.findElements(By.tagName("img"))).isEmpty();
            assertThat(description.getText()).contains("<script>document.title='pwned'</script>").contains("<img src=x onerror=");
            List<WebElement> links = description.findElements(By.tagName("a"));
            assertThat(links).extracting(a -> a.getDomAttribute("href")).containsExactly("", "https://example.org/docs");
            assertThat(links.getLast().getDomAttribute("rel")).isEqualTo("nofollow noopener noreferrer");
            links.getFirst().click(); // an emptied href goes nowhere harmful
            assertThat(browser.title()).isEqualTo("Grant access · Taskgate");
            assertThat((Object) ((JavascriptExecutor) browser.driver()).executeScript("return document.title"))
                    .isEqualTo("Grant access · Taskgate");
        }
    }

    @Test
    void thePagesFitAPhone_andAnIncompleteRequestExplainsItself() {
        try (Browser browser = Browser.phone()) {
            browser.open("http://127.0.0.1:" + server.taskgate.port() + "/login");
            browser.screenshot("phone-sign-in");
            long scrollWidth = (Long) ((JavascriptExecutor) browser.driver()).executeScript("return document.documentElement.scrollWidth");
            long innerWidth = (Long) ((JavascriptExecutor) browser.driver()).executeScript("return window.innerWidth");
            assertThat(scrollWidth).as("no sideways scrolling").isLessThanOrEqualTo(innerWidth);
            // Focus order: the username field first, then the password, then the button.
            assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("local-username");
            signIn(browser);
            browser.screenshot("phone-account");
            assertThat(browser.text()).contains("Signed in as local/grace");
            browser.open("http://127.0.0.1:" + server.taskgate.port() + "/login?description=only");
            browser.screenshot("phone-incomplete-request");
            assertThat(browser.text()).contains("target is missing").doesNotContain("Grant Access");
            browser.open(grantUrl("https://a.example/", "x".repeat(4_001)));
            assertThat(browser.text()).contains("description is longer than 4000 characters");
        }
    }
}
