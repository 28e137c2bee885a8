package dev.processflow.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, each browser with a profile of its own that is
 * deleted afterwards. Waits are explicit conditions with a deadline, never sleeps, so a loaded machine only makes
 * them take longer.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Long enough for a saga on a loaded two-core machine, short enough to fail a run that hangs. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final WebDriver driver;
    private final Path profile;
    private final Path screenshots;

    Browser(Path screenshots) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        try {
            profile = Files.createTempDirectory("processflow-chromium-");
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.screenshots = screenshots;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until {@code condition} holds; on a timeout, the page as it was is kept as {@code timeout-*.png}. */
    <T> T await(Function<WebDriver, T> condition) {
        try {
            // Live pages redraw what changed: an element seen a moment ago may have been replaced; look again.
            return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(200))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            Path shot = screenshot("timeout-" + System.currentTimeMillis());
            throw new org.openqa.selenium.TimeoutException("waited " + PATIENCE.toSeconds() + " s at " + driver.getCurrentUrl()
                    + "; the page is in " + shot.toAbsolutePath(), e);
        }
    }

    WebElement find(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Clicks the element once it is shown, finding it again if the page redrew it meanwhile. */
    void click(String css) {
        await(d -> {
            find(css).click();
            return true;
        });
    }

    Object script(String script, Object... arguments) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** A full-page screenshot under target/, for the docs and for a failure's post-mortem. */
    Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Signs in on the realm's own login page, as a person would, and waits until the console greets the user. */
    void signIn(String consoleUrl, String user, String fullName) {
        open(consoleUrl + "/");
        find("#sign-in").click();
        find("#username").sendKeys(user);
        find("#password").sendKeys(user + "-local-only");
        find("#kc-login").click();
        await(d -> d.getCurrentUrl().startsWith(consoleUrl) && !d.findElements(By.id("username")).isEmpty()
                && fullName.equals(d.findElement(By.id("username")).getText()));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> tree = Files.walk(profile)) {
                tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
