package org.tsunagu.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.oidc.TestRelyingParty;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Published Apache Tomcat vulnerabilities, tried against the embedded server as the advisories describe them, over
 * raw sockets where an HTTP client would tidy the request up: each attack is refused, and nothing it smuggles
 * reaches a handler.
 */
@TsunaguTest
class CveTomcatTest {

	@Autowired
	TestApi api;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private int port() {
		return this.api.uri("").getPort();
	}

	/** A POST to the token endpoint with these framing headers and body, then a second request the first may hide. */
	private static String smuggling(String framing, String body) {
		return "POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n" + framing
				+ "\r\n" + body + "GET /log/checkpoint HTTP/1.1\r\nHost: localhost\r\n\r\n";
	}

	/** One answer, a refusal, and the connection closed: the hidden second request is never answered. */
	private void refusedAndNothingSmuggled(String what, String request, Integer... statuses) {
		RawHttp.Exchange exchange = RawHttp.send(port(), request);
		assertThat(exchange.statuses()).as(what + ":\n" + exchange.text()).hasSize(1);
		assertThat(exchange.statuses().get(0)).as(what + ":\n" + exchange.text()).isIn((Object[]) statuses);
		assertThat(exchange.closed()).as(what + ": connection closed").isTrue();
		assertThat(exchange.text()).as(what).doesNotContain("tsunagu-log");
	}

	@Test
	@DisplayName("CVE-2021-33037 (Tomcat): Content-Length with Transfer-Encoding chunked, and Transfer-Encoding obfuscated (chunked, identity; xchunked; a space before the colon; twice) — one refusal, the connection closed, the request behind it never answered")
	void requestWhenLengthsConflictOrTransferEncodingIsObfuscatedThenNothingIsSmuggled() {
		// RFC 9112 section 6.1: refused, or read by Transfer-Encoding alone (here the token endpoint's own 401) and closed
		refusedAndNothingSmuggled("CL and TE", smuggling("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
				400, 401);
		refusedAndNothingSmuggled("TE chunked, identity", smuggling("Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n"),
				400, 501);
		refusedAndNothingSmuggled("TE xchunked", smuggling("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"), 400, 501);
		refusedAndNothingSmuggled("TE with a space before the colon",
				smuggling("Transfer-Encoding : chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n"), 400);
		refusedAndNothingSmuggled("TE twice", smuggling("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
				"0\r\n\r\n"), 400, 501);
	}

	@Test
	@DisplayName("CVE-2022-42252 (Tomcat): two different Content-Length values, a signed one, one with spaces inside — one refusal, the connection closed, nothing smuggled")
	void requestWhenContentLengthIsInvalidThenNothingIsSmuggled() {
		refusedAndNothingSmuggled("two lengths", smuggling("Content-Length: 0\r\nContent-Length: 44\r\n", ""), 400);
		refusedAndNothingSmuggled("signed length", smuggling("Content-Length: +0\r\n", ""), 400);
		refusedAndNothingSmuggled("length with a space", smuggling("Content-Length: 0 0\r\n", ""), 400);
	}

	@Test
	@DisplayName("CVE-2023-45648 and CVE-2023-46589 (Tomcat): a trailer without a colon and a 20 KB trailer, and chunk extensions with bare LF or of 20 KB — refused, nothing smuggled")
	void chunkedWhenTrailerOrExtensionIsMalformedThenNothingIsSmuggled() {
		String chunked = "Transfer-Encoding: chunked\r\n";
		refusedAndNothingSmuggled("trailer without a colon", smuggling(chunked, "0\r\nX-Trailer\r\n\r\n"), 400);
		refusedAndNothingSmuggled("trailer of 20 KB", smuggling(chunked, "0\r\nX-Trailer: " + "a".repeat(20_000) + "\r\n\r\n"),
				400, 413);
		refusedAndNothingSmuggled("chunk extension with a bare LF", smuggling(chunked, "1;ext\nx\r\n0\r\n\r\n"), 400);
		refusedAndNothingSmuggled("chunk extension of 20 KB", smuggling(chunked, "1;" + "e".repeat(20_000) + "\r\nx\r\n0\r\n\r\n"),
				400, 413);
	}

	@Test
	@DisplayName("CVE-2020-1935 (Tomcat): a bare CR inside a header, hiding a Transfer-Encoding header in a Content-Length request — refused, nothing smuggled")
	void headerWhenItHasABareCarriageReturnThenRefused() {
		refusedAndNothingSmuggled("bare CR", smuggling("X-Note: a\rTransfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n"),
				400);
	}

	@Test
	@DisplayName("CVE-2024-21733 (Tomcat): a POST that announces 1,000 bytes, sends 10 and stops — its error answer carries nothing of another client's request")
	void incompleteBodyWhenCutShortThenNoOtherRequestsDataEchoed() throws Exception {
		String marker = "victim-" + java.util.UUID.randomUUID();
		RawHttp.Exchange victim = RawHttp.send(port(), "POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nX-Victim: " + marker
				+ "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\nConnection: close\r\n\r\n"
				+ "grant_type=authorization_code&code=" + marker.substring(0, 5));
		assertThat(victim.statuses()).isNotEmpty();
		RawHttp.Exchange attacker = RawHttp.send(port(), ("POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type").getBytes(
						java.nio.charset.StandardCharsets.ISO_8859_1), true);
		assertThat(attacker.text()).doesNotContain(marker).doesNotContain(marker.substring(0, 12));
	}

	@Test
	@DisplayName("CVE-2023-44487, CVE-2025-48989, CVE-2024-24549, CVE-2025-31650, CVE-2025-53506 (Tomcat HTTP/2): an h2c upgrade and an HTTP/2 preface — answered as HTTP/1.1 or refused, so none of the HTTP/2 attacks has a way in")
	void http2WhenOfferedThenNotSpoken() {
		RawHttp.Exchange upgrade = RawHttp.send(port(), "GET /log/checkpoint HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
				+ "Connection: close\r\n\r\n");
		assertThat(upgrade.statuses()).isNotEmpty().doesNotContain(101);
		RawHttp.Exchange preface = RawHttp.send(port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
		assertThat(preface.statuses()).allSatisfy((status) -> assertThat(status).isBetween(400, 505));
		assertThat(preface.text()).as("no SETTINGS frame").doesNotStartWith("\u0000");
	}

	@Test
	@DisplayName("CVE-2025-24813 (Tomcat): a partial PUT of a session-like file under the static assets — refused, and nothing is there afterwards")
	void partialPutWhenSentThenRefusedAndNothingWritten() throws Exception {
		RawHttp.Exchange put = RawHttp.send(port(), "PUT /assets/x.session HTTP/1.1\r\nHost: localhost\r\nContent-Range: bytes 0-4/10\r\n"
				+ "Content-Length: 5\r\nConnection: close\r\n\r\nrO0AB");
		assertThat(put.statuses()).hasSize(1);
		assertThat(put.statuses().get(0)).isBetween(400, 405);
		HttpResponse<String> after = this.http.send(HttpRequest.newBuilder(this.api.uri("/assets/x.session")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(after.statusCode()).isEqualTo(404);
	}

	@Test
	@DisplayName("CVE-2026-24733 (Tomcat): HEAD to the consent page, which only GET was meant to guard, without a session — refused like GET, the service's origins not disclosed")
	void consentWhenHeadWithoutSessionThenRefusedLikeGet() throws Exception {
		TestRelyingParty rp = TestRelyingParty.register(this.api, "[\"openid\"]", "low", null);
		String path = "/signin/consent?client_id=" + rp.clientId + "&state=x&scope=openid";
		HttpResponse<String> get = this.http.send(HttpRequest.newBuilder(this.api.uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<Void> head = this.http.send(HttpRequest.newBuilder(this.api.uri(path))
			.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
		assertThat(get.statusCode()).isNotEqualTo(200);
		assertThat(head.statusCode()).isEqualTo(get.statusCode());
		assertThat(head.headers().allValues("Content-Security-Policy")).noneMatch((csp) -> csp.contains("rp.example"));
		// and as HTTP/0.9, which has no headers to carry a session at all
		RawHttp.Exchange old = RawHttp.send(port(), "HEAD " + path + "\r\n");
		assertThat(old.text()).doesNotContain("rp.example").doesNotContain(" 200 ");
	}

}
