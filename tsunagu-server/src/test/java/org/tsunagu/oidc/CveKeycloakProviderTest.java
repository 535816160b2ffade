package org.tsunagu.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Keycloak vulnerabilities in what an OpenID Provider's sign-in does, each tried against this provider
 * as the advisory describes it, and refused.
 */
@TsunaguTest
class CveKeycloakProviderTest {

	@Autowired
	TestApi api;

	@Autowired
	ApplicationContext context;

	final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> page(String path, String cookie) throws Exception {
		return this.http.send(HttpRequest.newBuilder(this.api.uri(path)).header("Accept", "text/html")
			.header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	@DisplayName("CVE-2026-79651 (Keycloak): pages asked for with hundreds of made-up locales in the language cookie — each rendered in English or Japanese, and no other locale reaches the message source's cache")
	void pageWhenLocaleCookieIsMadeUpThenEnglishOrJapaneseAndNothingElseCached() throws Exception {
		for (int i = 0; i < 300; i++) {
			String variant = UUID.randomUUID().toString().replace("-", "");
			HttpResponse<String> made = page(i % 2 == 0 ? "/" : "/signin/error", "tsunagu-lang=xx_YY_" + variant);
			assertThat(made.statusCode()).isEqualTo(200);
			assertThat(made.body()).contains("lang=\"en\"").doesNotContain("lang=\"xx\"");
		}
		HttpResponse<String> japanese = page("/", "tsunagu-lang=ja_JP_" + "A".repeat(2000));
		assertThat(japanese.body()).contains("lang=\"ja\"").contains("あなたのデジタルID");
		for (String broken : new String[] { "tsunagu-lang=!!", "tsunagu-lang=en/Not/AZone", "tsunagu-lang=_" }) {
			HttpResponse<String> page = page("/", broken);
			assertThat(page.statusCode()).as(broken).isEqualTo(200);
			assertThat(page.body()).as(broken).contains("lang=\"en\"");
		}
		Object source = this.context.getBean("messageSource");
		@SuppressWarnings("unchecked")
		Map<String, Map<Locale, ?>> bundles = (Map<String, Map<Locale, ?>>) ReflectionTestUtils.getField(source,
				"cachedResourceBundles");
		assertThat(bundles).isNotNull();
		bundles.values().forEach((byLocale) -> assertThat(byLocale.keySet()).allSatisfy(
				(locale) -> assertThat(locale.getLanguage()).isIn("en", "ja")));
	}

}
