package io.arco.api.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the operating system's packages ({@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver}, installed by {@code .ci/run} when missing), driven through Selenium with
 * both paths given explicitly so Selenium Manager never downloads anything.
 */
public final class Browser implements AutoCloseable {
  /** The browser: {@code -Darco.chromium}, else Debian's chromium, else a Google Chrome. */
  public static final Path CHROMIUM =
      find("arco.chromium", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));

  /** Its driver: {@code -Darco.chromedriver}, else Debian's, else {@code $CHROMEWEBDRIVER} (CI runners). */
  public static final Path CHROMEDRIVER =
      find(
          "arco.chromedriver",
          List.of("/usr/bin/chromedriver", System.getenv().getOrDefault("CHROMEWEBDRIVER", "/nonexistent") + "/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;

  private static Path find(String property, List<String> candidates) {
    String set = System.getProperty(property);
    if (set != null) {
      return Path.of(set);
    }
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(Path.of(candidates.get(0)));
  }

  /** Whether Chromium and its driver are installed; the browser tests skip without them. */
  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Why the browser tests skip, when they do. */
  public static String unavailableReason() {
    return "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
        + " is missing (install the Debian packages chromium and chromium-driver; .ci/run does)";
  }

  public Browser(int width, int height) {
    try {
      profile = Files.createTempDirectory("arco-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  public WebDriver driver() {
    return driver;
  }

  /**
   * Waits (short polling) until {@code condition} answers something other than null or false; an
   * element the page replaced while the condition read it is read again.
   */
  public <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50))
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Saves a PNG of the viewport. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The browser's version, e.g. {@code 150.0.7871.100}. */
  public String version() {
    return String.valueOf(driver.getCapabilities().getBrowserVersion());
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temp profile is harmless
      }
    }
  }
}
