package org.tsunagu.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every page is checked for in the browser: axe-core (npm {@code axe-core}, installed by .ci/run into
 * {@code src/test/axe}) injected into the page finds no violation of WCAG 2.0, 2.1 or 2.2 at levels A and AA; and,
 * when {@code TSUNAGU_SCREENSHOTS} names a directory, a screenshot of the page is written there.
 */
final class PageChecks {

	static final Path AXE = Path.of("src/test/axe/node_modules/axe-core/axe.min.js");

	private final ChromeDriver browser;

	private final String axe;

	PageChecks(ChromeDriver browser) throws Exception {
		this.browser = browser;
		if (!Files.exists(AXE) && System.getenv("TSUNAGU_REQUIRE_BROWSER") == null) {
			Assumptions.abort("axe-core is not installed: run npm ci in tsunagu-server/src/test/axe");
		}
		this.axe = Files.readString(AXE);
	}

	/** Checks the page in the browser now; {@code name} names its screenshot. */
	void check(String name) throws Exception {
		this.browser.executeScript(this.axe);
		Object result = this.browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
				  .then((r) => done(r.violations.map((v) => v.id + ' ' + v.impact + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))
				  .catch((e) => done(['axe failed: ' + e]));""");
		@SuppressWarnings("unchecked")
		List<String> violations = (List<String>) result;
		assertThat(violations).as("WCAG 2.2 A/AA violations on %s (%s)", name, this.browser.getCurrentUrl()).isEmpty();
		String screenshots = System.getenv("TSUNAGU_SCREENSHOTS");
		if (screenshots != null) {
			Path dir = Path.of(screenshots);
			Files.createDirectories(dir);
			Object height = this.browser.executeScript("return document.documentElement.scrollHeight");
			this.browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height",
					Math.min(((Number) height).intValue(), 2400), "deviceScaleFactor", 1, "mobile", false));
			Files.write(dir.resolve(name + ".png"), this.browser.getScreenshotAs(OutputType.BYTES));
			this.browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

}
