package org.tsunagu.browser;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}), driven by Selenium with
 * the driver's path given, so that nothing is downloaded. Without them the browser tests are skipped, unless
 * {@code TSUNAGU_REQUIRE_BROWSER} is set (CI installs both and sets it).
 */
public final class Browsers {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private Browsers() {
	}

	public static ChromeDriver chromium(String language) {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
		if (System.getenv("TSUNAGU_REQUIRE_BROWSER") == null) {
			Assumptions.assumeTrue(present, "Debian's chromium and chromium-driver are not installed");
		}
		System.setProperty("SE_OFFLINE", "true");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--lang=" + language, "--window-size=1280,1000");
		options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
		return new ChromeDriver(service, options);
	}

}
