package org.tsunagu.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.tsunagu.platform.CryptoProviders;
import org.tsunagu.wallet.SignInApproval;
import org.tsunagu.wallet.Slot;
import org.tsunagu.wallet.SoftwareCard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load for the OpenID Provider, the same requests against Tsunagu (started in this process) or a Keycloak that
 * runs beside it, both on PostgreSQL:
 * <ul>
 * <li>client-credentials grants per second, each with a fresh {@code private_key_jwt} assertion and a fresh DPoP
 * proof, from {@code --clients} concurrent callers; then the latency at a fixed {@code --rate};</li>
 * <li>code flows per second with PAR for a person who already has a session (PAR, authorize, token);</li>
 * <li>Tsunagu only: whole card sign-ins per second, the wallet's approval made by this tool with the card's key.</li>
 * </ul>
 * <pre>
 * ./tsunagu-bench/run OidcLoad --db postgresql --seconds 20 --clients 32 --rate 1000
 * ./tsunagu-bench/run OidcLoad --target keycloak --keycloak-url http://localhost:18180 --realm bench --client-id bench
 *     --client-key /tmp/keycloak/client.jwk --user demo --password demo
 * </pre>
 */
public final class OidcLoad {

	static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private OidcLoad() {
	}

	/** Where the requests go, and with which client. */
	record Target(String name, String issuer, String tokenUrl, String parUrl, String authorizeUrl, String clientId,
			ECKey clientKey, String redirectUri, String serviceScope) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "32"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
		WARM_UP_SECONDS = Integer.parseInt(options.getOrDefault("warm-up", "15"));
		if ("keycloak".equals(options.get("target"))) {
			keycloak(options, seconds, clients, rate);
			return;
		}
		String db = options.getOrDefault("db", "postgresql");
		try (BenchServer bench = BenchServer.start(db, options, Files.createTempDirectory("tsunagu-bench"),
				"--tsunagu.pki.ceremony=true",
				"--tsunagu.rate-limit-scale=1000")) {
			ConfigurableApplicationContext server = bench.context();
			String base = bench.base();
			String token = bench.token();
			HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
			String redirect = "https://bench.example/callback";
			String registration = """
					{"name":{"en":"Bench","ja":"ベンチ"},"kind":"private","sectorIdentifier":"https://bench.example",
					 "redirectUris":["%s"],"jwks":{"keys":[%s]},"scopes":["openid","profile"],"maxAssurance":"high",
					 "policyUrl":"https://bench.example/p","serviceScopes":["registry:read"]}"""
				.formatted(redirect, key.toPublicJWK().toJSONString());
			JsonNode registered = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/relying-parties"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(registration))).body());
			Target target = new Target("tsunagu", base, base + "/oauth2/token", base + "/oauth2/par",
					base + "/oauth2/authorize", registered.get("clientId").asString(), key, redirect, "registry:read");
			RegistryLoad.report("target", "tsunagu on " + db);
			clientCredentials(target, seconds, clients, rate);
			if ("client-credentials".equals(options.get("only"))) {
				return;
			}

			Path cardDir = Files.createTempDirectory("bench-card");
			Card card = Card.issue(http, base, token, cardDir);
			Browser browser = new Browser(target);
			browser.cardSignIn(card);
			codeFlows(target, browser, seconds, Math.min(clients, 8));
			signIns(target, card, seconds, Math.min(clients, 8));
		}
	}

	static void keycloak(Map<String, String> options, int seconds, int clients, int rate) throws Exception {
		String base = options.get("keycloak-url") + "/realms/" + options.getOrDefault("realm", "bench");
		ECKey key = ECKey.parse(Files.readString(Path.of(options.get("client-key"))));
		Target target = new Target("keycloak", base, base + "/protocol/openid-connect/token",
				base + "/protocol/openid-connect/ext/par/request", base + "/protocol/openid-connect/auth",
				options.getOrDefault("client-id", "bench"), key, options.getOrDefault("redirect", "https://bench.example/callback"),
				options.getOrDefault("scope", "profile"));
		RegistryLoad.report("target", "keycloak " + options.getOrDefault("keycloak-version", ""));
		clientCredentials(target, seconds, clients, rate);
		Browser browser = new Browser(target);
		browser.keycloakLogin(options.getOrDefault("user", "demo"), options.getOrDefault("password", "demo"));
		codeFlows(target, browser, seconds, Math.min(clients, 8));
	}

	// ---- client credentials ----

	static void clientCredentials(Target target, int seconds, int clients, int rate) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		// warm up the JIT and the connection pool
		closedLoop(() -> grant(http, target), WARM_UP_SECONDS, clients);
		long[] latencies = closedLoop(() -> grant(http, target), seconds, clients);
		RegistryLoad.report(target.name() + ".client_credentials.grants_per_second", latencies.length / seconds);
		RegistryLoad.report(target.name() + ".client_credentials.closed_loop.p99.ms", ms(percentile(latencies, 0.99)));
		long[] paced = openLoop(() -> grant(http, target), seconds, rate);
		RegistryLoad.report(target.name() + ".client_credentials.at_" + rate + "_per_s.p50.ms", ms(percentile(paced, 0.50)));
		RegistryLoad.report(target.name() + ".client_credentials.at_" + rate + "_per_s.p99.ms", ms(percentile(paced, 0.99)));
	}

	/** Long enough for the JIT to finish compiling the request path on two shared cores (5 s was not). */
	static int WARM_UP_SECONDS = 15;

	static void grant(HttpClient http, Target target) throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", target.serviceScope());
		form.put("client_id", target.clientId());
		form.put("client_assertion_type", ASSERTION_TYPE);
		form.put("client_assertion", assertion(target));
		HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(target.tokenUrl()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("DPoP", dpop(DPOP_KEY, "POST", target.tokenUrl(), null))
			.POST(HttpRequest.BodyPublishers.ofString(form(form))));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("grant refused: " + response.statusCode() + " " + response.body());
		}
	}

	// ---- code flows with a session ----

	static void codeFlows(Target target, Browser browser, int seconds, int clients) throws Exception {
		closedLoop(browser::codeFlow, 3, clients);
		long[] latencies = closedLoop(browser::codeFlow, seconds, clients);
		RegistryLoad.report(target.name() + ".code_flows_with_par_per_second", latencies.length / seconds);
		RegistryLoad.report(target.name() + ".code_flow.p50.ms", ms(percentile(latencies, 0.50)));
		RegistryLoad.report(target.name() + ".code_flow.p99.ms", ms(percentile(latencies, 0.99)));
	}

	static void signIns(Target target, Card card, int seconds, int clients) throws Exception {
		long[] latencies = closedLoop(() -> new Browser(target).cardSignIn(card), seconds, clients);
		RegistryLoad.report(target.name() + ".card_sign_ins_per_second", String.format("%.1f", latencies.length / (double) seconds));
		RegistryLoad.report(target.name() + ".card_sign_in.p50.ms", ms(percentile(latencies, 0.50)));
		RegistryLoad.report(target.name() + ".card_sign_in.p99.ms", ms(percentile(latencies, 0.99)));
	}

	/** One person's browser: a cookie jar, no automatic redirects. */
	static final class Browser {

		private final Target target;

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new Jar())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();

		private final ECKey dpop;

		Browser(Target target) throws Exception {
			this.target = target;
			this.dpop = DPOP_KEY;
		}

		/** PAR, then the authorization request with the session, then the token request. */
		void codeFlow() throws Exception {
			String verifier = random(32);
			String requestUri = par(verifier);
			HttpResponse<String> authorize = get(this.target.authorizeUrl() + "?client_id=" + this.target.clientId()
					+ "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
			String location = authorize.headers().firstValue("Location").orElseThrow(
					() -> new IllegalStateException("no redirect from authorize: " + authorize.statusCode()));
			// a server may take its own hops (Keycloak: login-actions/authenticate) before the code
			for (int i = 0; i < 3 && !location.startsWith(this.target.redirectUri()); i++) {
				HttpResponse<String> hop = get(URI.create(this.target.authorizeUrl()).resolve(location).toString());
				location = hop.headers().firstValue("Location").orElse(location);
			}
			if (!location.startsWith(this.target.redirectUri())) {
				throw new IllegalStateException("authorize did not answer with a code: " + location);
			}
			token(query(location, "code"), verifier);
		}

		/** A whole card sign-in: PAR, sign-in page, the card's approval, consent when asked, token. */
		void cardSignIn(Card card) throws Exception {
			String verifier = random(32);
			String requestUri = par(verifier);
			String location = get(this.target.authorizeUrl() + "?client_id=" + this.target.clientId() + "&request_uri="
					+ URLEncoder.encode(requestUri, StandardCharsets.UTF_8)).headers().firstValue("Location").orElseThrow();
			HttpResponse<String> page = get(URI.create(this.target.issuer()).resolve(location).toString());
			String code = match(page.body(), "data-pairing-code=\"([^\"]+)\"");
			card.approve(this.target.issuer(), code);
			HttpResponse<String> continued = post(this.target.issuer() + "/signin/continue",
					"_csrf=" + URLEncoder.encode(match(page.body(), "name=\"_csrf\"\\s+value=\"([^\"]+)\""), StandardCharsets.UTF_8));
			HttpResponse<String> next = get(URI.create(this.target.issuer()).resolve(continued.headers().firstValue("Location").orElseThrow()).toString());
			String back = next.headers().firstValue("Location").orElseThrow();
			if (back.contains("/signin/consent")) {
				HttpResponse<String> consent = get(URI.create(this.target.issuer()).resolve(back).toString());
				HttpResponse<String> approved = post(this.target.issuer() + "/oauth2/authorize", "client_id="
						+ match(consent.body(), "name=\"client_id\"\\s+value=\"([^\"]+)\"") + "&state="
						+ URLEncoder.encode(match(consent.body(), "name=\"state\"\\s+value=\"([^\"]+)\""), StandardCharsets.UTF_8)
						+ "&scope=openid&scope=profile");
				back = approved.headers().firstValue("Location").orElseThrow();
			}
			token(query(back, "code"), verifier);
		}

		void keycloakLogin(String user, String password) throws Exception {
			String verifier = random(32);
			String requestUri = par(verifier);
			HttpResponse<String> form = get(this.target.authorizeUrl() + "?client_id=" + this.target.clientId()
					+ "&request_uri=" + URLEncoder.encode(requestUri, StandardCharsets.UTF_8));
			for (int i = 0; i < 3 && form.statusCode() / 100 == 3; i++) {
				form = get(URI.create(this.target.authorizeUrl()).resolve(form.headers().firstValue("Location").orElseThrow()).toString());
			}
			if (!form.body().contains("kc-form-login")) {
				Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "keycloak-login.html"), form.body());
				throw new IllegalStateException("no Keycloak login form: " + form.statusCode() + " "
						+ form.headers().firstValue("Location").orElse("") + " " + form.body().replaceAll("(?s).*<title>", "").substring(0, 200) + " " + form.headers().map());
			}
			String tag = match(form.body(), "(<form[^>]*id=\"kc-form-login\"[^>]*>)");
			String action = match(tag, "action=\"([^\"]+)\"").replace("&amp;", "&");
			HttpResponse<String> loggedIn = post(URI.create(this.target.authorizeUrl()).resolve(action).toString(),
					"username=" + user + "&password=" + password + "&credentialId=");
			String location = loggedIn.headers().firstValue("Location").orElseThrow(
					() -> new IllegalStateException("Keycloak login failed: " + loggedIn.statusCode()));
			token(query(location, "code"), verifier);
		}

		private String par(String verifier) throws Exception {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("response_type", "code");
			form.put("client_id", this.target.clientId());
			form.put("redirect_uri", this.target.redirectUri());
			form.put("scope", "openid profile");
			form.put("state", random(16));
			form.put("nonce", random(16));
			form.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
					MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
			form.put("code_challenge_method", "S256");
			form.put("client_assertion_type", ASSERTION_TYPE);
			form.put("client_assertion", assertion(this.target));
			HttpResponse<String> pushed = send(this.http, HttpRequest.newBuilder(URI.create(this.target.parUrl()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(form))));
			if (pushed.statusCode() != 201) {
				throw new IllegalStateException("PAR refused: " + pushed.statusCode() + " " + pushed.body());
			}
			return JSON.readTree(pushed.body()).get("request_uri").asString();
		}

		private void token(String code, String verifier) throws Exception {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("grant_type", "authorization_code");
			form.put("code", code);
			form.put("redirect_uri", this.target.redirectUri());
			form.put("code_verifier", verifier);
			form.put("client_id", this.target.clientId());
			form.put("client_assertion_type", ASSERTION_TYPE);
			form.put("client_assertion", assertion(this.target));
			HttpResponse<String> response = send(this.http, HttpRequest.newBuilder(URI.create(this.target.tokenUrl()))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("DPoP", dpop(this.dpop, "POST", this.target.tokenUrl(), null))
				.POST(HttpRequest.BodyPublishers.ofString(form(form))));
			if (response.statusCode() != 200) {
				throw new IllegalStateException("token refused: " + response.statusCode() + " " + response.body());
			}
		}

		private HttpResponse<String> get(String url) throws Exception {
			return send(this.http, HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html"));
		}

		private HttpResponse<String> post(String url, String body) throws Exception {
			return send(this.http, HttpRequest.newBuilder(URI.create(url))
				.header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

	}

	/**
	 * A cookie jar that also sends cookies marked Secure over plain http: both servers run on localhost without
	 * TLS here, and Keycloak marks its login cookies Secure (SameSite=None), which the JDK's CookieManager would
	 * then withhold.
	 */
	static final class Jar extends java.net.CookieHandler {

		private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
			if (this.cookies.isEmpty()) {
				return Map.of();
			}
			return Map.of("Cookie", List.of(this.cookies.entrySet().stream()
				.map((e) -> e.getKey() + "=" + e.getValue())
				.collect(Collectors.joining("; "))));
		}

		@Override
		public void put(URI uri, Map<String, List<String>> headers) {
			headers.forEach((name, values) -> {
				if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
					for (String value : values) {
						String pair = value.split(";", 2)[0];
						int eq = pair.indexOf('=');
						if (eq > 0) {
							String cookie = pair.substring(0, eq).trim();
							String content = pair.substring(eq + 1).trim();
							if (content.isEmpty() || value.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
								this.cookies.remove(cookie);
							}
							else {
								this.cookies.put(cookie, content);
							}
						}
					}
				}
			});
		}

	}

	/** A resident with a card, its authentication key unlocked for the load tool. */
	record Card(SoftwareCard card, java.security.KeyPair key, java.security.cert.X509Certificate certificate,
			SignInApproval approval) {

		static Card issue(HttpClient http, String base, String token, Path dir) throws Exception {
			String resident = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/residents"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("""
						{ "name": { "family": "髙橋", "given": "克子", "familyReading": "タカハシ", "givenReading": "カツコ",
						            "latin": "TAKAHASHI Katsuko" }, "birthDate": "1984-04-02", "sex": "female",
						  "address": { "country": "JP", "postalCode": "100-0001", "region": "東京都", "locality": "千代田区",
						               "streetAddress": "千代田1-%d" },
						  "evidence": [ { "type": "passport", "method": "in-person", "verifiedBy": "bench" } ] }"""
					.formatted(System.nanoTime() % 100000)))).body()).get("id").asString();
			SoftwareCard card = SoftwareCard.create(dir.resolve("card"), "1234".toCharArray(), "Sign2026".toCharArray());
			java.security.KeyPair auth = card.unlock(Slot.AUTHENTICATION, "1234".toCharArray());
			java.security.KeyPair sign = card.unlock(Slot.SIGNING, "Sign2026".toCharArray());
			JsonNode issued = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/residents/" + resident + "/cards"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
					.put("authenticationCsr", org.tsunagu.wallet.Csrs.pem(auth))
					.put("signingCsr", org.tsunagu.wallet.Csrs.pem(sign))
					.toString()))).body());
			String pem = null;
			for (JsonNode c : issued.get("certificates")) {
				if (c.get("kind").asString().equals("authentication")) {
					pem = c.get("pem").asString();
				}
			}
			java.security.cert.X509Certificate certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
				.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
			return new Card(card, auth, certificate, new SignInApproval(HttpClient.newHttpClient()));
		}

		void approve(String server, String code) {
			this.approval.approve(this.approval.fetch(server, code), this.key, null, this.certificate);
		}

	}

	// ---- load shapes ----

	interface Call {

		void run() throws Exception;

	}

	/** {@code clients} callers, each calling again as soon as its answer arrives; latencies in ns. */
	static long[] closedLoop(Call call, int seconds, int clients) throws Exception {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong failures = new AtomicLong();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < clients; i++) {
				executor.submit(() -> {
					while (System.nanoTime() < deadline) {
						long start = System.nanoTime();
						try {
							call.run();
							latencies.add(System.nanoTime() - start);
						}
						catch (Exception ex) {
							if (failures.incrementAndGet() < 3) {
								System.err.println(ex.getMessage());
							}
						}
					}
					return null;
				});
			}
		}
		if (failures.get() > 0) {
			RegistryLoad.report("failures", failures.get());
		}
		return latencies.stream().mapToLong(Long::longValue).toArray();
	}

	/** Calls started at a fixed rate whatever the answers do (no coordinated omission); latencies in ns. */
	static long[] openLoop(Call call, int seconds, int rate) throws Exception {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicLong failures = new AtomicLong();
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long total = (long) rate * seconds;
		long start = System.nanoTime();
		try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long i = 0; i < total; i++) {
				long due = start + i * interval;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				executor.submit(() -> {
					try {
						call.run();
						latencies.add(System.nanoTime() - due);
					}
					catch (Exception ex) {
						failures.incrementAndGet();
					}
					return null;
				});
			}
		}
		if (failures.get() > 0) {
			RegistryLoad.report("failures.open_loop", failures.get());
		}
		return latencies.stream().mapToLong(Long::longValue).toArray();
	}

	// ---- JOSE ----

	static final ECKey DPOP_KEY = generate();

	private static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String assertion(Target target) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(target.clientKey().getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(target.clientId())
					.subject(target.clientId())
					.audience(target.issuer())
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		ECDSASigner signer = new ECDSASigner(target.clientKey());
		signer.getJCAContext().setProvider(CryptoProviders.ecdsa());
		jwt.sign(signer);
		return jwt.serialize();
	}

	static String dpop(ECKey key, String method, String url, String accessToken) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(new Date());
		if (accessToken != null) {
			// at a resource: the hash of the token the proof goes with (RFC 9449 section 4.2)
			claims.claim("ath", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
					java.security.MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(), claims.build());
		ECDSASigner signer = new ECDSASigner(key);
		signer.getJCAContext().setProvider(CryptoProviders.ecdsa());
		jwt.sign(signer);
		return jwt.serialize();
	}

	// ---- helpers ----

	static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String form(Map<String, String> values) {
		return values.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	static String query(String location, String name) {
		Matcher m = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(location);
		if (!m.find()) {
			throw new IllegalStateException("no " + name + " in " + location);
		}
		return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
	}

	static String match(String text, String regex) {
		Matcher m = Pattern.compile(regex).matcher(text);
		if (!m.find()) {
			throw new IllegalStateException("not found: " + regex);
		}
		return m.group(1);
	}

	static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	static long percentile(long[] values, double p) {
		if (values.length == 0) {
			return 0;
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
	}

	static String ms(long nanos) {
		return String.format("%.2f", nanos / 1e6);
	}

}
