package io.taskgate.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian chromium driven through Debian's chromedriver, for tests of the server-rendered
 * pages: open a URL, fill fields by label, click buttons and links by their text, read the page,
 * take screenshots. Close it (try-with-resources) to end the browser and delete its profile.
 *
 * <p>Both binaries are given explicitly, so Selenium Manager never runs and nothing is downloaded. A
 * machine without them fails the test rather than skipping it: CI installs them ({@code .ci/run}).
 * Failures name the URL and quote the page, so a red test explains itself.
 */
public final class Browser implements AutoCloseable {

    /** The window a test looks through. */
    public enum Size {
        /** A phone: a 390 × 844 CSS-pixel viewport at 2 device pixels each, emulated as a mobile device (so it honours {@code <meta name=viewport>}). */
        PHONE(390, 844),
        /** A laptop: a 1280 × 900 viewport. */
        DESKTOP(1280, 900);

        final int width;
        final int height;

        Size(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Relative to the module directory, which is surefire's working directory. */
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Pattern SCREENSHOT_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int PAGE_TEXT_IN_MESSAGES = 1500;
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Held so that its level sticks: Selenium warns at every start that it has no CDP bindings for
     * this chromium's version. We leave those bindings out on purpose (WebDriver is all we use).
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A desktop-sized browser. */
    public static Browser desktop() {
        return launch(Size.DESKTOP);
    }

    /** A phone-sized browser. */
    public static Browser phone() {
        return launch(Size.PHONE);
    }

    /** Starts headless chromium with a fresh, temporary profile. */
    public static Browser launch(Size size) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("Browser tests need " + binary + ", which is missing: install Debian's "
                        + "chromium and its driver with `apt-get install chromium chromium-driver` (.ci/run does this in CI).");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("taskgate-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a temporary chromium profile", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox", // we run as root in CI, where chromium's sandbox refuses to start
                "--disable-gpu",
                // The network is closed here: without these, chromium keeps dialling Google's hosts
                // (sync, component updates, QUIC probes), which is slow and noisy and proves nothing.
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                // Even so it looks up its search engine, Google accounts, autofill and password-leak
                // servers (seen with strace). Tests talk to loopback only, so nothing resolves but
                // localhost and 127.0.0.1 (IP literals count): no DNS query leaves the machine, and a
                // stray external URL fails at once.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--lang=en-US", // pages that negotiate a language see the same Accept-Language everywhere
                "--user-data-dir=" + profile,
                "--window-size=" + size.width + "," + size.height);
        // Device metrics fix the viewport itself (a headless window's viewport is smaller than the
        // window). The phone is emulated as a mobile device, not just a narrow window: a page without
        // a viewport meta tag then lays out 980 px wide, as on a real phone, and the test sees it.
        boolean mobile = size == Size.PHONE;
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                "width", size.width, "height", size.height, "pixelRatio", mobile ? 2.0 : 1.0, "mobile", mobile, "touch", mobile)));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT).scriptTimeout(Duration.ofSeconds(5));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw new IllegalStateException("Cannot start " + CHROMIUM + " through " + CHROMEDRIVER
                    + " (are chromium and chromium-driver the same version? `apt-get install chromium chromium-driver`)", e);
        }
    }

    /** Loads {@code url} and waits until the page has loaded. */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** The address bar: where the browser is now, after any redirects. */
    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The document's title. */
    public String title() {
        return driver.getTitle();
    }

    /** The page's visible text, as a person would read it. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Types {@code value} into the field whose label reads {@code labelOrName} (whitespace
     * normalized) or, failing that, whose {@code name} is {@code labelOrName}. For a select, picks the
     * option whose text is {@code value}.
     */
    public Browser fill(String labelOrName, String value) {
        WebElement field = field(labelOrName);
        if (field.getTagName().equals("select")) {
            List<WebElement> options = field.findElements(By.tagName("option")).stream()
                    .filter(o -> normalized(o.getText()).equals(value)).toList();
            if (options.isEmpty()) {
                throw failure("The select '" + labelOrName + "' has no option '" + value + "'");
            }
            options.getFirst().click();
        } else {
            field.clear();
            field.sendKeys(value);
        }
        return this;
    }

    /**
     * Clicks the one visible button, submit input or link whose text is {@code text} (whitespace
     * normalized), and waits for the page it leads to. The pages work without JavaScript, so every
     * click navigates; one that does not within the page-load timeout fails, naming any field that
     * the browser's own validation held back.
     */
    public Browser click(String text) {
        List<WebElement> matches = new ArrayList<>();
        for (WebElement e : driver.findElements(By.cssSelector("button, a, input[type=submit], input[type=button]"))) {
            String label = e.getTagName().equals("input") ? e.getDomAttribute("value") : e.getText();
            if (label != null && normalized(label).equals(text) && e.isDisplayed()) {
                matches.add(e);
            }
        }
        if (matches.size() != 1) {
            throw failure((matches.isEmpty() ? "Nothing to click reads '" : "Several things to click read '") + text
                    + "'; clickable: " + clickableTexts());
        }
        WebElement oldPage = driver.findElement(By.tagName("html"));
        boolean link = matches.getFirst().getTagName().equals("a");
        matches.getFirst().click();
        awaitNewPage(oldPage, text, link);
        return this;
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        if (!SCREENSHOT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A screenshot name is letters, digits, '.', '_' or '-': " + name);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save screenshot " + name, e);
        }
    }

    /** The raw WebDriver, for what the helpers above do not cover; it is also a {@link TakesScreenshot}. */
    public WebDriver driver() {
        return driver;
    }

    /** Where the browser is and what it shows, for assertion messages. */
    public String describe() {
        String text;
        try {
            text = text();
        } catch (WebDriverException e) {
            text = "(no page text: " + e.getClass().getSimpleName() + ")";
        }
        if (text.length() > PAGE_TEXT_IN_MESSAGES) {
            text = text.substring(0, PAGE_TEXT_IN_MESSAGES) + " […]";
        }
        return "at " + currentUrl() + " titled '" + title() + "', page text:\n" + text;
    }

    /** Ends chromium and chromedriver, then deletes the profile, even if quitting fails. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private WebElement field(String labelOrName) {
        List<WebElement> found = new ArrayList<>();
        for (WebElement label : driver.findElements(By.tagName("label"))) {
            if (normalized(label.getText()).equals(labelOrName)) {
                String target = label.getDomAttribute("for");
                found.addAll(target != null && !target.isEmpty()
                        ? driver.findElements(By.id(target))
                        : label.findElements(By.cssSelector("input, textarea, select")));
            }
        }
        if (found.isEmpty()) {
            found.addAll(driver.findElements(By.name(labelOrName)));
        }
        if (found.size() != 1) {
            List<String> labels = driver.findElements(By.tagName("label")).stream().map(l -> normalized(l.getText())).toList();
            List<String> names = driver.findElements(By.cssSelector("input, textarea, select")).stream()
                    .map(f -> f.getDomAttribute("name")).filter(n -> n != null && !n.isEmpty()).toList();
            throw failure((found.isEmpty() ? "No field is labelled or named '" : "Several fields are labelled or named '")
                    + labelOrName + "'; labels: " + labels + ", field names: " + names);
        }
        return found.getFirst();
    }

    /**
     * WebDriver's click does not wait for a form's submission (only for navigations it sees start in
     * time), so we wait until the old document is gone and the new one has loaded.
     */
    private void awaitNewPage(WebElement oldPage, String clicked, boolean link) {
        long deadline = System.nanoTime() + PAGE_LOAD_TIMEOUT.toNanos();
        while (!isStale(oldPage)) {
            if (System.nanoTime() > deadline) {
                List<String> invalid = link ? List.of()
                        : driver.findElements(By.cssSelector("input:invalid, select:invalid, textarea:invalid")).stream()
                                .map(f -> String.valueOf(f.getDomAttribute("name"))).toList();
                throw failure("Clicking '" + clicked + "' led to no new page within " + PAGE_LOAD_TIMEOUT.toSeconds() + " s"
                        + (invalid.isEmpty() ? "" : "; the browser holds back the form for its invalid fields " + invalid));
            }
            pause();
        }
        while (!"complete".equals(driver.executeScript("return document.readyState"))) {
            if (System.nanoTime() > deadline) {
                throw failure("The page after clicking '" + clicked + "' did not finish loading within "
                        + PAGE_LOAD_TIMEOUT.toSeconds() + " s");
            }
            pause();
        }
    }

    private static boolean isStale(WebElement element) {
        try {
            element.getTagName();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the browser", e);
        }
    }

    private List<String> clickableTexts() {
        return driver.findElements(By.cssSelector("button, a, input[type=submit], input[type=button]")).stream()
                .filter(WebElement::isDisplayed)
                .map(e -> normalized(e.getTagName().equals("input") ? String.valueOf(e.getDomAttribute("value")) : e.getText()))
                .toList();
    }

    private AssertionError failure(String what) {
        return new AssertionError(what + "\n" + describe());
    }

    private static String normalized(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a file chromium removed as it exited
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the chromium profile " + dir, e);
        }
    }
}
