package org.tsunagu.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.tsunagu.wallet.Csrs;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load scenario for the CA, over real HTTP against a server started in this process (key ceremony included):
 * card issuances per second; then 1,000,000 revoked certificate records added to the database; the time to
 * generate the CRL with them; and OCSP responses per second from {@code wrk} for a mix of good and revoked
 * serials, without nonces (served from pre-signed responses) and with nonces (signed per request).
 *
 * <pre>
 * ./tsunagu-bench/run PkiLoad --db h2|postgresql --cards 400 --revoked 1000000 --seconds 20
 * </pre>
 */
public final class PkiLoad {

	private PkiLoad() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = RegistryLoad.options(args);
		String db = options.getOrDefault("db", "h2");
		int cards = Integer.parseInt(options.getOrDefault("cards", "400"));
		int revoked = Integer.parseInt(options.getOrDefault("revoked", "1000000"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		try (BenchServer bench = BenchServer.start(db, options, Files.createTempDirectory("tsunagu-bench"),
				"--tsunagu.pki.ceremony=true")) {
			ConfigurableApplicationContext server = bench.context();
			String base = bench.base();
			String token = bench.token();
			HttpClient http = HttpClient.newHttpClient();
			RegistryLoad.report("database", db);
			List<String> goodSerials = issueCards(http, base, token, cards);
			X509Certificate issuer = certificate(http, base + "/pki/ca/card-ca-1.crt");
			List<String> revokedSerials = insertRevoked(server.getBean(DataSource.class), revoked);
			crl(http, base, token);
			Path dir = Files.createTempDirectory("tsunagu-ocsp");
			List<byte[]> requests = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				String serial = i % 2 == 0 ? goodSerials.get(i % goodSerials.size()) : revokedSerials.get(i * 997 % revokedSerials.size());
				requests.add(ocspRequest(issuer, serial, false));
			}
			RegistryLoad.report("ocsp.noNonce.perSecond", wrk(base + "/pki/ocsp", requests, dir, seconds));
			List<byte[]> withNonce = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				String serial = i % 2 == 0 ? goodSerials.get(i % goodSerials.size()) : revokedSerials.get(i * 991 % revokedSerials.size());
				withNonce.add(ocspRequest(issuer, serial, true));
			}
			RegistryLoad.report("ocsp.nonce.perSecond", wrk(base + "/pki/ocsp", withNonce, dir, seconds));
		}
	}

	static List<String> issueCards(HttpClient http, String base, String token, int count) throws Exception {
		List<String> bodies = new ArrayList<>();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		List<String> residents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String enrolled = RegistryLoad.send(http, base + "/api/v1/residents", token,
					new org.tsunagu.registry.demo.SyntheticPopulation(i, "pki-" + System.nanoTime())
						.nextLine()
						.replaceFirst("\"externalReference\":\"[^\"]*\",", "\"confirmDifferentPerson\":true,")
						.replaceFirst("\"evidence\":\\[.*\\]", "\"evidence\":[{\"type\":\"passport\",\"method\":\"in-person\",\"verifiedBy\":\"bench\"}]")
						.replaceFirst("\"birthDate\":\"[^\"]*\"", "\"birthDate\":\"1980-05-05\""))
				.body();
			residents.add(field(enrolled, "id"));
			KeyPair auth = generator.generateKeyPair();
			KeyPair sign = generator.generateKeyPair();
			bodies.add("{\"authenticationCsr\":" + json(Csrs.pem(auth)) + ",\"signingCsr\":" + json(Csrs.pem(sign)) + "}");
		}
		List<String> serials = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		Thread[] clients = new Thread[2];
		for (int c = 0; c < clients.length; c++) {
			clients[c] = Thread.ofPlatform().start(() -> {
				int i;
				while ((i = next.getAndIncrement()) < count) {
					HttpResponse<String> response = RegistryLoad.send(http,
							base + "/api/v1/residents/" + residents.get(i) + "/cards", token, bodies.get(i));
					if (response.statusCode() != 201) {
						throw new IllegalStateException("issuance answered " + response.statusCode() + " " + response.body());
					}
					Matcher m = Pattern.compile("\"serial\":\"([0-9A-F]+)\"").matcher(response.body());
					while (m.find()) {
						serials.add(m.group(1));
					}
				}
			});
		}
		for (Thread client : clients) {
			client.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		RegistryLoad.report("cards.issued", count);
		RegistryLoad.report("cards.perSecond", String.format("%.0f", count / elapsed));
		return serials;
	}

	/** Adds revoked certificate records straight to the table: the status services read serials and dates only. */
	private static List<String> insertRevoked(DataSource dataSource, int count) throws Exception {
		List<String> serials = new ArrayList<>(count);
		SecureRandom random = new SecureRandom();
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			UUID residentId;
			try (var rs = connection.createStatement().executeQuery("SELECT resident_id FROM card FETCH FIRST 1 ROWS ONLY")) {
				rs.next();
				residentId = rs.getObject(1, UUID.class);
			}
			UUID cardId = UUID.randomUUID();
			try (PreparedStatement card = connection.prepareStatement(
					"INSERT INTO card (id, resident_id, status, created_at, updated_at) VALUES (?, ?, 'revoked', ?, ?)")) {
				Timestamp now = Timestamp.from(Instant.now());
				card.setObject(1, cardId);
				card.setObject(2, residentId);
				card.setTimestamp(3, now);
				card.setTimestamp(4, now);
				card.executeUpdate();
			}
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO card_certificate (serial, card_id, kind, issuer, not_before, not_after, public_key_hash, der,
					  issued_at, revoked_at, revocation_reason) VALUES (?, ?, 'authentication', 'card-ca-1', ?, ?, ?, ?, ?, ?, ?)""")) {
				Timestamp notBefore = Timestamp.from(Instant.now().minus(30, ChronoUnit.DAYS));
				Timestamp notAfter = Timestamp.from(Instant.now().plus(1000, ChronoUnit.DAYS));
				byte[] der = new byte[] { 0x30, 0x00 };
				String[] reasons = { "keyCompromise", "superseded", "cessationOfOperation", "affiliationChanged" };
				for (int i = 0; i < count; i++) {
					String serial = new BigInteger(127, random).toString(16).toUpperCase();
					byte[] keyHash = new byte[32];
					random.nextBytes(keyHash);
					insert.setString(1, serial);
					insert.setObject(2, cardId);
					insert.setTimestamp(3, notBefore);
					insert.setTimestamp(4, notAfter);
					insert.setBytes(5, keyHash);
					insert.setBytes(6, der);
					insert.setTimestamp(7, notBefore);
					insert.setTimestamp(8, Timestamp.from(Instant.now().minus(i % 20, ChronoUnit.DAYS)));
					insert.setString(9, reasons[i % reasons.length]);
					insert.addBatch();
					serials.add(serial);
					if (i % 5000 == 4999) {
						insert.executeBatch();
						connection.commit();
					}
				}
				insert.executeBatch();
				connection.commit();
			}
		}
		RegistryLoad.report("revoked.inserted", count);
		RegistryLoad.report("revoked.insertSeconds", String.format("%.1f", (System.nanoTime() - start) / 1e9));
		return serials;
	}

	/** CRL generation, three times (a card revoked in between makes the list stale), median reported. */
	private static void crl(HttpClient http, String base, String token) throws Exception {
		double[] seconds = new double[3];
		int size = 0;
		for (int i = 0; i < seconds.length; i++) {
			long start = System.nanoTime();
			HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/pki/crl/card-ca-1.crl")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			seconds[i] = (System.nanoTime() - start) / 1e9;
			size = response.body().length;
			invalidate(http, base, token);
		}
		Arrays.sort(seconds);
		RegistryLoad.report("crl.bytes", size);
		RegistryLoad.report("crl.seconds.median", String.format("%.2f", seconds[1]));
		RegistryLoad.report("crl.seconds.all", Arrays.toString(seconds));
	}

	private static void invalidate(HttpClient http, String base, String token) {
		// a revocation makes the published list stale: suspend one fresh card
		String residents = RegistryLoad.send(http, base + "/api/v1/residents", token,
				new org.tsunagu.registry.demo.SyntheticPopulation(System.nanoTime(), "crl-")
					.nextLine()
					.replaceFirst("\"externalReference\":\"[^\"]*\",", "\"confirmDifferentPerson\":true,")
					.replaceFirst("\"evidence\":\\[.*\\]", "\"evidence\":[{\"type\":\"passport\",\"method\":\"in-person\",\"verifiedBy\":\"bench\"}]")
					.replaceFirst("\"birthDate\":\"[^\"]*\"", "\"birthDate\":\"1980-05-05\""))
			.body();
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			String card = field(RegistryLoad.send(http, base + "/api/v1/residents/" + field(residents, "id") + "/cards", token,
					"{\"authenticationCsr\":" + json(Csrs.pem(generator.generateKeyPair())) + ",\"signingCsr\":"
							+ json(Csrs.pem(generator.generateKeyPair())) + "}")
				.body(), "cardId");
			RegistryLoad.send(http, base + "/api/v1/cards/" + card + "/suspend", token, "{}");
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] ocspRequest(X509Certificate issuer, String serial, boolean nonce) throws Exception {
		CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(issuer), new BigInteger(serial, 16));
		OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
		if (nonce) {
			byte[] value = new byte[16];
			new SecureRandom().nextBytes(value);
			builder.setRequestExtensions(new org.bouncycastle.asn1.x509.Extensions(new org.bouncycastle.asn1.x509.Extension(
					org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
					new org.bouncycastle.asn1.DEROctetString(value).getEncoded())));
		}
		return builder.build().getEncoded();
	}

	/** Runs wrk with a Lua script that cycles through the given request bodies; answers its requests per second. */
	private static String wrk(String url, List<byte[]> bodies, Path dir, int seconds) throws Exception {
		StringBuilder hex = new StringBuilder();
		for (byte[] body : bodies) {
			hex.append(HexFormat.of().formatHex(body)).append('\n');
		}
		Path bodiesFile = dir.resolve("bodies-" + System.nanoTime() + ".hex");
		Files.writeString(bodiesFile, hex);
		Path script = dir.resolve("ocsp.lua");
		Files.writeString(script, """
				local bodies = {}
				for line in io.lines("%s") do
				  bodies[#bodies + 1] = (line:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
				end
				local i = 0
				wrk.method = "POST"
				wrk.headers["Content-Type"] = "application/ocsp-request"
				request = function()
				  i = i %% #bodies + 1
				  return wrk.format(nil, nil, nil, bodies[i])
				end
				""".formatted(bodiesFile));
		Process process = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "-s", script.toString(), url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(seconds + 30L, TimeUnit.SECONDS);
		Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
		if (output.contains("Non-2xx")) {
			throw new IllegalStateException("wrk saw errors: " + output);
		}
		return m.find() ? m.group(1) : "wrk failed: " + output;
	}

	static X509Certificate certificate(HttpClient http, String url) throws Exception {
		byte[] der = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
		return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
	}

	private static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : "";
	}

	private static String json(String text) {
		return "\"" + text.replace("\n", "\\n") + "\"";
	}

}
