package org.tsunagu.platform.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.tsunagu.platform.TsunaguProperties;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * What every page shares: English or Japanese, chosen by the language switch ({@code ?lang=ja}, kept in a cookie)
 * or else by {@code Accept-Language}; and the server's periodic housekeeping. Whatever the cookie says, a page
 * is rendered in one of the two: the message source keeps bundles per locale asked for, so a locale taken from a
 * request as sent would let anyone grow the server's memory one cookie value at a time (the class of Keycloak's
 * CVE-2026-79651).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WebPages implements WebMvcConfigurer {

	static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.JAPANESE);

	/**
	 * Behind https (the public URL), the session cookie is {@code Secure} whatever else is configured: a proxy ends
	 * TLS and the server itself sees plain http, so the cookie must not depend on what the server sees (the class
	 * of Tomcat's CVE-2023-28708).
	 */
	@Bean
	static WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> secureSessionCookieBehindHttps(
			TsunaguProperties properties) {
		// unordered, so after Boot's own customizer has applied server.servlet.session.cookie.*
		return (factory) -> {
			if (https(properties)) {
				factory.getSettings().getSession().getCookie().setSecure(true);
			}
		};
	}

	static boolean https(TsunaguProperties properties) {
		return properties.publicUrl().regionMatches(true, 0, "https://", 0, 8);
	}

	@Bean
	LocaleResolver localeResolver(TsunaguProperties properties) {
		CookieLocaleResolver resolver = new SupportedLocaleCookie("tsunagu-lang");
		resolver.setCookieSecure(https(properties));
		// a cookie that does not parse falls back like an unknown language, rather than failing the page
		resolver.setRejectInvalidCookies(false);
		resolver.setCookieMaxAge(Duration.ofDays(365));
		resolver.setCookieHttpOnly(true);
		resolver.setCookieSameSite("Lax");
		resolver.setDefaultLocaleFunction((request) -> {
			String header = request.getHeader("Accept-Language");
			if (header == null || header.isBlank()) {
				return Locale.ENGLISH;
			}
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(header), LANGUAGES);
				return best == null ? Locale.ENGLISH : best;
			}
			catch (IllegalArgumentException ex) {
				return Locale.ENGLISH;
			}
		});
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor change = new LocaleChangeInterceptor();
		change.setParamName("lang");
		change.setIgnoreInvalidLocale(true);
		registry.addInterceptor(new SupportedLanguages(change));
	}

	/** The cookie's language when the pages are written in it (its country, script and variant dropped); else none. */
	private static final class SupportedLocaleCookie extends CookieLocaleResolver {

		SupportedLocaleCookie(String name) {
			super(name);
		}

		@Override
		protected Locale parseLocaleValue(String value) {
			Locale parsed = super.parseLocaleValue(value);
			return parsed == null ? null
					: LANGUAGES.stream().filter((l) -> l.getLanguage().equals(parsed.getLanguage())).findFirst().orElse(null);
		}

	}

	/** Accepts only the languages the pages are written in. */
	private record SupportedLanguages(LocaleChangeInterceptor delegate)
			implements org.springframework.web.servlet.HandlerInterceptor {

		@Override
		public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
				jakarta.servlet.http.HttpServletResponse response, Object handler) throws Exception {
			String lang = request.getParameter("lang");
			if (lang == null || !(lang.equals("en") || lang.equals("ja"))) {
				return true;
			}
			return this.delegate.preHandle(request, response, handler);
		}

	}

}
