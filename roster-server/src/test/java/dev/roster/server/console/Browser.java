package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by its chromedriver, with helpers that wait for what a person would wait
 * for and a screenshot folder under target/. Fails with the install command when Chromium is missing.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("roster.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("roster.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    private final WebDriverWait wait;

    Browser() {
        this(true);
    }

    /** A headless Chromium; {@code javascript} false turns scripts off, as some admins' browsers have them. */
    Browser(boolean javascript) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's Chromium and its driver at " + CHROMIUM
                    + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (bash .ci/run does it)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1100", "--disable-background-networking", "--no-first-run",
                "--disable-extensions", "--disable-sync", "--lang=en-US");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        if (!javascript) {
            o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void clickLink(String text) {
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(text))).click();
    }

    void clickButton(String text) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='" + text + "']")))
                .click();
    }

    /** Waits until the element's text contains {@code text} (htmx updates it in place). */
    void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    String text(String css) {
        return find(css).getText();
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    Object jsAsync(String script) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script);
    }

    /** Sets the window's width (the height stays), e.g. 390 for a phone. */
    void width(int px) {
        driver.manage().window().setSize(new Dimension(px, 1100));
    }

    /** Whether the page is wider than the window, so that the user has to scroll sideways. */
    boolean scrollsSideways() {
        return Boolean.TRUE.equals(js("return document.documentElement.scrollWidth > window.innerWidth;"));
    }

    /**
     * Checks the current page as every page of the console must pass: no accessibility violation of impact
     * serious or critical (axe-core), every field labelled, and, at the window's current width, no sideways
     * scrolling.
     */
    void assertFitAndAccessible(String what) {
        assertThat(Accessibility.seriousViolations(this)).as("axe-core on " + what)
                .isEmpty();
        assertThat(unlabelledFields()).as("unlabelled fields on " + what).isEmpty();
        assertThat(scrollsSideways()).as(what + " scrolls sideways at "
                + driver.manage().window().getSize().getWidth() + " px").isFalse();
    }

    /** Links and buttons of the page's header whose text wraps onto a second line (a word broken apart). */
    @SuppressWarnings("unchecked")
    List<String> wrappedHeaderItems() {
        return (List<String>) js("return Array.from(document.querySelectorAll('header.top a, header.top button'))"
                + ".filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > "
                + "2 * parseFloat(getComputedStyle(e).lineHeight || '20')).map(e => e.textContent.trim());");
    }

    /** Marks the page, so a later check can tell that an update came without a reload. */
    void markPage() {
        js("window.rosterMark = 'same page';");
    }

    boolean stillMarked() {
        return "same page".equals(js("return window.rosterMark || null;"));
    }

    /** Form fields without a label a screen reader can announce (label[for], a wrapping label or aria-label). */
    @SuppressWarnings("unchecked")
    List<String> unlabelledFields() {
        return (List<String>) js("return Array.from(document.querySelectorAll('input:not([type=hidden]),select,"
                + "textarea')).filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                + ".map(e => e.outerHTML);");
    }

    /** Errors the page logged (a CSP violation, a failed script) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path to = SHOTS.resolve(name + ".png");
            Files.write(to, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return to;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
