package io.taskgate.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The browser harness itself: chromium follows links, forms and a 303 to a "static web app" that
 * records what it got, screenshots are PNGs, the phone is phone-sized, and a CSP that forbids scripts
 * is enforced (later tests of the login pages rely on each of these).
 */
class BrowserHarnessTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static TestSite site;

    @BeforeAll
    static void startSite() {
        site = TestSite.start()
                .page("/", """
                        <!doctype html><title>Home</title>
                        <p>Welcome. <a href="/login">Sign in</a></p>""")
                .page("/login", """
                        <!doctype html><title>Sign in</title>
                        <form method="post" action="/login/submit">
                          <label for="u">Username</label> <input id="u" name="username">
                          <label>Password <input type="password" name="password"></label>
                          <button type="submit">Continue</button>
                        </form>""")
                .redirect("/login/submit", 303, "/app/callback?code=abc%2F1&state=xyz")
                .page("/app/callback", "<!doctype html><title>App</title><p>Signed in.</p>");
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void linkFormAnd303_bringTheBrowserToTheAppWithItsQuery() throws Exception {
        try (Browser browser = Browser.desktop()) {
            browser.open(site.url("/")).click("Sign in");
            assertThat(browser.title()).as(browser.describe()).isEqualTo("Sign in");

            browser.fill("Username", "alice").fill("Password", "s3cret w0rd").click("Continue");

            assertThat(browser.currentUrl()).as(browser.describe()).isEqualTo(site.url("/app/callback?code=abc%2F1&state=xyz"));
            assertThat(browser.text()).isEqualTo("Signed in.");
            assertThat(site.requests("/login/submit")).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.body()).isEqualTo("username=alice&password=s3cret+w0rd");
            });
            assertThat(site.requests("/app/callback")).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.rawQuery()).isEqualTo("code=abc%2F1&state=xyz");
            });

            Path shot = browser.screenshot("harness-app-callback");
            assertThat(shot).isEqualTo(Path.of("target/screenshots/harness-app-callback.png"));
            byte[] png = Files.readAllBytes(shot);
            assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).as("PNG signature of " + shot).isEqualTo(PNG_SIGNATURE);
            ByteBuffer header = ByteBuffer.wrap(png, 16, 8); // IHDR: width, height
            assertThat(new int[] {header.getInt(), header.getInt()}).as("desktop screenshot size").containsExactly(1280, 900);
        }
    }

    @Test
    void missingFieldOrButton_failsWithTheUrlAndWhatThePageOffers() {
        try (Browser browser = Browser.desktop()) {
            browser.open(site.url("/login"));

            assertThatThrownBy(() -> browser.fill("Email", "a@example.com"))
                    .hasMessageContaining("No field is labelled or named 'Email'")
                    .hasMessageContaining("labels: [Username, Password]")
                    .hasMessageContaining("field names: [username, password]")
                    .hasMessageContaining(site.url("/login"));
            assertThatThrownBy(() -> browser.click("Sign up"))
                    .hasMessageContaining("Nothing to click reads 'Sign up'; clickable: [Continue]");
        }
    }

    @Test
    void phone_isAbout390CssPixelsWide_andHonoursTheViewportMetaTag() {
        site.page("/phone", """
                <!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Phone</title><p>Narrow.""");
        site.page("/no-viewport", "<!doctype html><title>Desktop page</title><p>Wide.");
        try (Browser browser = Browser.phone()) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();

            browser.open(site.url("/phone"));
            assertThat(((Number) js.executeScript("return window.innerWidth")).intValue())
                    .as(browser.describe()).isBetween(320, 400);
            browser.screenshot("harness-phone");

            // As on a real phone: a page that forgets the viewport tag is laid out for a desktop.
            browser.open(site.url("/no-viewport"));
            assertThat(((Number) js.executeScript("return window.innerWidth")).intValue())
                    .as(browser.describe()).isGreaterThan(400);
        }
    }

    @Test
    void inlineScript_runsWithoutCsp_butNotUnderScriptSrcNone() {
        String page = "<!doctype html><title>original</title><script>document.title='pwned'</script><p>Hello.";
        site.page("/no-csp", page);
        site.page("/csp", page, Map.of("Content-Security-Policy", "script-src 'none'"));
        try (Browser browser = Browser.desktop()) {
            // Without this control, a browser that runs no scripts at all would pass the CSP check.
            browser.open(site.url("/no-csp"));
            assertThat(browser.title()).as("scripts run at all: " + browser.describe()).isEqualTo("pwned");

            browser.open(site.url("/csp"));
            assertThat(browser.title()).as("CSP blocks the inline script: " + browser.describe()).isEqualTo("original");
        }
    }
}
