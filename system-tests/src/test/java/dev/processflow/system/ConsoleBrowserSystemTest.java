package dev.processflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The flow console in a real browser against the running stack: sign in on the realm's login page, place orders in
 * the form and watch them decided in the live list without reloading, read each one's flow graph, upload an image and
 * see its four variants, and, as the operator, the operations page. Screenshots go to target/screenshots.
 */
@ExtendWith(RunningStack.class)
class ConsoleBrowserSystemTest {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final List<String> CONFIRMED_PATH = List.of("placed", "payment", "inventory", "join", "capture",
            "commit", "email");
    private static final List<String> REJECTED_PATH = List.of("placed", "payment", "inventory", "join", "void",
            "release", "email");

    @Test
    void aCustomerPlacesOrdersWatchesThemLiveAndReadsTheirFlows(RunningStack.Handle stack) {
        String console = stack.stack().layout().consoleUrl();
        try (Browser browser = new Browser(SCREENSHOTS)) {
            browser.signIn(console, "ada", "Ada Lovelace");
            assertThat(browser.driver().findElement(By.cssSelector("[data-admin-only]")).isDisplayed()).isFalse();
            // Set on this page: still there after the order is decided, so nothing reloaded the page.
            browser.script("window.noReload = 'still the same page';");

            String confirmed = place(browser, "tok_visa");
            awaitStatus(browser, confirmed, "CONFIRMED");
            assertThat(browser.script("return window.noReload;")).isEqualTo("still the same page");
            browser.screenshot("console-orders");

            browser.click("tr[data-order-id='" + confirmed + "'] a");
            Map<String, String> steps = awaitSteps(browser, CONFIRMED_PATH, "DONE");
            assertThat(steps.values()).containsOnly("DONE");
            assertThat(browser.find("#flow-status").getAttribute("data-status")).isEqualTo("CONFIRMED");
            assertEveryDoneStepHasTimeAndDuration(browser);
            browser.screenshot("console-flow-confirmed");

            browser.click("a[href='#/orders']");
            String declined = place(browser, "tok_chargeDeclined");
            awaitStatus(browser, declined, "REJECTED");
            browser.click("tr[data-order-id='" + declined + "'] a");
            Map<String, String> rejection = awaitSteps(browser, REJECTED_PATH, null);
            assertThat(rejection).containsEntry("placed", "DONE").containsEntry("payment", "FAILED")
                    .containsEntry("inventory", "DONE").containsEntry("join", "FAILED")
                    .containsEntry("void", "NOT_NEEDED").containsEntry("release", "DONE").containsEntry("email", "DONE");
            assertThat(browser.find("#flow-rejection").getText()).startsWith("PAYMENT_DECLINED").contains("card_declined");
            assertThat(browser.find("[data-step='payment']").getText()).contains("card_declined");
            browser.screenshot("console-flow-rejected");
        }
    }

    @Test
    void anUploadedImageShowsItsFourVariantsWhenReady(RunningStack.Handle stack) throws IOException {
        String console = stack.stack().layout().consoleUrl();
        Path photo = photo();
        try (Browser browser = new Browser(SCREENSHOTS)) {
            browser.signIn(console, "grace", "Grace Hopper");
            browser.click("a[data-nav='images']");
            browser.driver().findElement(By.id("image-file")).sendKeys(photo.toAbsolutePath().toString());
            browser.await(d -> !d.findElements(By.cssSelector("article[data-image-id] [data-status='READY']")).isEmpty());
            List<WebElement> variants = browser.await(d -> {
                List<WebElement> loaded = d.findElements(By.cssSelector("article[data-image-id] li[data-variant] img"));
                return loaded.size() == 4 && loaded.stream().allMatch(img -> naturalWidth(d, img) > 0) ? loaded : null;
            });
            assertThat(variants).extracting(img -> img.findElement(By.xpath("./ancestor::li")).getAttribute("data-variant"))
                    .containsExactly("thumb", "small", "medium", "large");
            assertThat(browser.find("li[data-variant='thumb'] figcaption").getText()).contains("150\u00d7150");
            assertThat(browser.find("li[data-variant='large'] figcaption").getText()).contains("1600\u00d71200");
            browser.screenshot("console-images");
        }
    }

    @Test
    void theOperatorSeesEveryServiceOnTheOperationsPageAndSignsOut(RunningStack.Handle stack) {
        String console = stack.stack().layout().consoleUrl();
        try (Browser browser = new Browser(SCREENSHOTS)) {
            browser.signIn(console, "admin", "Processflow Operator");
            browser.click("a[data-nav='operations']");
            List<WebElement> services = browser.await(d -> {
                List<WebElement> rows = d.findElements(By.cssSelector("#services-table tbody tr[data-up='true']"));
                return rows.size() == RunningStack.services().size() ? rows : null;
            });
            assertThat(services).extracting(row -> row.getAttribute("data-service"))
                    .containsExactlyInAnyOrderElementsOf(RunningStack.services());
            browser.await(d -> d.findElements(By.cssSelector("#dead-letters [data-service]")).size() == RunningStack.services().size());
            browser.await(d -> d.findElements(By.cssSelector("#outbox [data-service]")).size() == RunningStack.services().size());
            browser.screenshot("console-operations");

            browser.click("#sign-out");
            browser.await(d -> d.getCurrentUrl().startsWith(console) && !d.findElements(By.id("sign-in")).isEmpty());
            browser.open(console + "/api/session");
            assertThat(browser.driver().getPageSource()).contains("\"signedIn\":false");
        }
    }

    private static String place(Browser browser, String card) {
        browser.await(d -> d.findElements(By.cssSelector("#product option[value='SKU-001']")).size() == 1);
        new Select(browser.find("#product")).selectByValue("SKU-001");
        new Select(browser.find("#card")).selectByValue(card);
        WebElement previous = browser.driver().findElements(By.id("placed-order")).stream().findFirst().orElse(null);
        browser.click("#place-order");
        WebElement placed = browser.await(d -> {
            List<WebElement> links = d.findElements(By.id("placed-order"));
            return links.isEmpty() || (previous != null && links.get(0).equals(previous)) ? null : links.get(0);
        });
        String href = placed.getAttribute("href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    private static void awaitStatus(Browser browser, String order, String status) {
        browser.await(d -> d.findElements(By.cssSelector("tr[data-order-id='" + order + "'][data-status='" + status + "']"))
                .size() == 1);
    }

    /** The graph's steps once it shows exactly these, each in {@code state} (or in any final state when null). */
    private static Map<String, String> awaitSteps(Browser browser, List<String> keys, String state) {
        return browser.await(d -> {
            // Read in one go: the graph is redrawn whole with each of the order's events.
            @SuppressWarnings("unchecked")
            List<List<String>> drawn = (List<List<String>>) browser.script(
                    "return [...document.querySelectorAll('.flow [data-step]')].map(s => [s.dataset.step, s.dataset.state]);");
            Map<String, String> steps = new java.util.LinkedHashMap<>();
            drawn.forEach(step -> steps.put(step.get(0), step.get(1)));
            boolean settled = List.copyOf(steps.keySet()).equals(keys) && steps.values().stream()
                    .allMatch(s -> state == null ? !s.equals("WAITING") : s.equals(state));
            return settled ? steps : null;
        });
    }

    private static void assertEveryDoneStepHasTimeAndDuration(Browser browser) {
        for (WebElement step : browser.driver().findElements(By.cssSelector(".flow [data-state='DONE']"))) {
            assertThat(step.findElements(By.tagName("time"))).as(step.getText()).hasSize(1);
            if (!"placed".equals(step.getAttribute("data-step"))) {
                assertThat(step.getText()).as(step.getAttribute("data-step")).containsPattern("\\d+(\\.\\d+)? (ms|s)");
            }
        }
    }

    private static long naturalWidth(WebDriver driver, WebElement image) {
        Object width = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", image);
        return ((Number) width).longValue();
    }

    /** A 1600x1200 PNG with a gradient, so each variant is visibly the same picture. */
    private static Path photo() throws IOException {
        BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x1d4ed8), 1600, 1200, new Color(0xf59e0b)));
        g.fillRect(0, 0, 1600, 1200);
        g.setColor(Color.WHITE);
        g.fillOval(500, 300, 600, 600);
        g.dispose();
        Path file = Files.createDirectories(SCREENSHOTS).resolve("upload.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
