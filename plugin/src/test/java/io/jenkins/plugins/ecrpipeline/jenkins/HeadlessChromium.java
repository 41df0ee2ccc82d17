package io.jenkins.plugins.ecrpipeline.jenkins;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's ChromeDriver through Selenium WebDriver, with a viewport of a given
 * width, as a person's laptop shows a page. Both binaries are named explicitly (system properties
 * {@code ecrpipeline.chromium} and {@code ecrpipeline.chromedriver}, default {@code /usr/bin/...}), so Selenium Manager
 * never tries to download a browser or a driver. Screenshots go to {@code target/screenshots/}.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts the browser; fails with what to install when a binary is missing. */
    static HeadlessChromium start(int width, int height) throws IOException {
        File chromium = binary("ecrpipeline.chromium", "/usr/bin/chromium");
        File chromedriver = binary("ecrpipeline.chromedriver", "/usr/bin/chromedriver");
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        HeadlessChromium browser = new HeadlessChromium(driver, profile);
        browser.viewport(width, height);
        return browser;
    }

    private static File binary(String property, String fallback) {
        File file = new File(System.getProperty(property, fallback));
        if (!file.canExecute()) {
            throw new IllegalStateException(file + " is missing: the browser tests need Debian's chromium and chromium-driver packages "
                    + "(scripts/local-stack up installs them; or apt-get install chromium chromium-driver), or -D" + property + "=PATH");
        }
        return file;
    }

    /** Makes the page's viewport exactly this size, whatever the window around it takes. */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /** The width the page lays out in, in CSS pixels. */
    long viewportWidth() {
        return ((Number) driver.executeScript("return window.innerWidth")).longValue();
    }

    WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** The page's widest extent: anything past the viewport means a horizontal scrollbar. */
    long pageWidth() {
        return ((Number) script("return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")).longValue();
    }

    /**
     * A screenshot of the whole page at the current viewport width (the viewport is made as tall as the page, at most
     * {@code maxHeight}, then put back), saved as {@code target/screenshots/NAME.png}.
     */
    Path screenshot(String name, int width, int height, int maxHeight) throws IOException {
        long tall = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        viewport(width, (int) Math.min(maxHeight, Math.max(height, tall)));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            viewport(width, height);
        }
    }

    /** Console messages of the page at SEVERE level (script errors), for assertions. */
    List<String> scriptErrors() {
        return driver.manage().logs().get("browser").getAll().stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    WebDriver webDriver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
