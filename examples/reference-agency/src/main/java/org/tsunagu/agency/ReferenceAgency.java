package org.tsunagu.agency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A providing agency: it keeps records by its own codes for people (a tax office's income certificates, a city's
 * residence records) and answers the hub's signed requests at {@code POST /exchange}. It checks the hub's
 * signature against the keys the platform publishes ({@code /api/v1/exchange/jwks}, fetched again when a new key
 * id appears), that the request is addressed to this agency ({@code aud}), recent, and for the item it gives, and
 * answers a JWS signed with its own registered key over the request id, the subject, the item and the data. An
 * unknown person or item is a 404 problem, which the hub passes on as a failed attempt.
 */
public final class ReferenceAgency implements AutoCloseable {

	static final int MAX_REQUEST = 16 * 1024;

	private final AgencyClient client;

	private final String organisationId;

	private final String item;

	private final Map<String, JsonNode> records = new ConcurrentHashMap<>();

	private final AtomicLong answered = new AtomicLong();

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private volatile JWKSet hubKeys;

	private volatile Instant hubKeysFetched = Instant.EPOCH;

	private HttpServer server;

	/**
	 * @param client the agency's client at the platform (its key signs the answers)
	 * @param organisationId the agency's organisation id, which the hub's requests name as {@code aud}
	 * @param item the item this agency gives, such as {@code income-certificate}
	 */
	public ReferenceAgency(AgencyClient client, String organisationId, String item) {
		this.client = client;
		this.organisationId = organisationId;
		this.item = item;
	}

	/** Keeps a record under the agency's code for the person. */
	public void keep(String code, JsonNode data) {
		this.records.put(code, data);
	}

	/** Links the person by number (once, at the platform), keeps the record under the code, and forgets the number. */
	public String keepByNumber(String individualNumber, JsonNode data) {
		String code = this.client.link(individualNumber);
		keep(code, data);
		return code;
	}

	/** How many requests this agency has answered with data. */
	public long answered() {
		return this.answered.get();
	}

	/** Starts answering at {@code http://host:port/exchange}; port 0 picks a free port. */
	public ReferenceAgency start(String host, int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
		}
		catch (IOException ex) {
			throw new AgencyException("Cannot listen on " + host + ":" + port + ": " + ex.getMessage());
		}
		this.server.createContext("/exchange", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
		return this;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.stop(0);
		}
		this.executor.close();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				problem(exchange, 405, "Only POST is answered here.");
				return;
			}
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/jose")) {
				problem(exchange, 415, "The request is a compact JWS sent as application/jose.");
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_REQUEST + 1);
			}
			if (body.length > MAX_REQUEST) {
				problem(exchange, 413, "A request is at most 16 KiB.");
				return;
			}
			JsonNode request;
			try {
				request = verify(new String(body, StandardCharsets.US_ASCII).trim());
			}
			catch (AgencyException ex) {
				problem(exchange, 401, ex.getMessage());
				return;
			}
			String subject = request.path("subject").asString("");
			JsonNode data = this.records.get(subject);
			if (!this.item.equals(request.path("item").asString(""))) {
				problem(exchange, 404, "This agency does not give that item.");
				return;
			}
			if (data == null) {
				problem(exchange, 404, "This agency holds no record for that person.");
				return;
			}
			ObjectNode answer = AgencyClient.JSON.createObjectNode()
				.put("requestId", request.path("requestId").asString(""))
				.put("subject", subject)
				.put("item", this.item)
				.put("iat", Instant.now().getEpochSecond());
			answer.set("data", data);
			byte[] signed = this.client.sign("exchange-response+jwt", answer).getBytes(StandardCharsets.US_ASCII);
			// counted before it is sent: whoever reads the count after the hub has the answer finds it counted
			this.answered.incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/jose");
			exchange.sendResponseHeaders(200, signed.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(signed);
			}
		}
	}

	/** The payload of a request the hub signed for this agency, or why not. */
	private JsonNode verify(String compact) {
		JWSObject jws;
		try {
			jws = JWSObject.parse(compact);
		}
		catch (ParseException ex) {
			throw new AgencyException("The request is not a compact JWS.");
		}
		if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) || jws.getHeader().getType() == null
				|| !"exchange-request+jwt".equals(jws.getHeader().getType().getType())) {
			throw new AgencyException("The request is not an ES256 exchange-request+jwt.");
		}
		JWK key = hubKey(jws.getHeader().getKeyID());
		try {
			if (!(key instanceof ECKey ec) || !jws.verify(new ECDSAVerifier(ec))) {
				throw new AgencyException("The hub's signature does not verify.");
			}
		}
		catch (JOSEException ex) {
			throw new AgencyException("The hub's signature does not verify.");
		}
		JsonNode payload = AgencyClient.JSON.readTree(jws.getPayload().toBytes());
		if (!this.organisationId.equals(payload.path("aud").asString(""))) {
			throw new AgencyException("The request is addressed to another agency.");
		}
		long age = Instant.now().getEpochSecond() - payload.path("iat").asLong(0);
		if (age > 300 || age < -60) {
			throw new AgencyException("The request is not recent.");
		}
		return payload;
	}

	private JWK hubKey(String keyId) {
		JWKSet keys = this.hubKeys;
		// a new key id is looked up at most every 30 seconds: unknown ids sent by anyone cannot make it fetch more
		if (keys == null || (keys.getKeyByKeyId(keyId) == null && Instant.now().isAfter(this.hubKeysFetched.plusSeconds(30)))) {
			this.hubKeysFetched = Instant.now();
			keys = this.client.hubKeys();
			this.hubKeys = keys;
		}
		JWK key = keys.getKeyByKeyId(keyId);
		if (key == null) {
			throw new AgencyException("The request is signed with a key the hub does not publish.");
		}
		return key;
	}

	private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
		byte[] body = AgencyClient.JSON.createObjectNode()
			.put("status", status)
			.put("title", "Not answered")
			.put("detail", detail)
			.toString()
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
