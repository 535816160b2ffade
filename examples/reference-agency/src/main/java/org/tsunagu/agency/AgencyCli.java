package org.tsunagu.agency;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The reference agency on the command line.
 *
 * <pre>
 * serve   --server URL --agency FILE            answer the hub's requests at the endpoint the file names
 * link    --server URL --agency FILE --number N  link a person once; prints this agency's code for them
 * codes   --agency FILE                          the codes (and labels) of the records the agency keeps
 * request --server URL --agency FILE --provider IDENTIFIER --item ITEM --purpose PURPOSE
 *         (--subject CODE | --subject-label LABEL) [--request-id ID]
 *                                                ask another agency through the hub; prints the verified result
 * </pre>
 */
public final class AgencyCli {

	private static final java.util.Set<String> COMMANDS = java.util.Set.of("serve", "link", "codes", "request");

	/** What the command answers (a code, a result), and what it says went wrong. */
	private final PrintStream out;

	private final PrintStream err;

	AgencyCli(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.exit(new AgencyCli(System.out, System.err).run(args));
	}

	/** Runs one command: 0 when it did what it says, 1 with one sentence on what went wrong, 2 with the usage. */
	int run(String[] args) {
		try {
			return command(args);
		}
		catch (AgencyException ex) {
			this.err.println(ex.getMessage());
			return 1;
		}
	}

	private int command(String[] args) {
		if (args.length == 0 || !COMMANDS.contains(args[0])) {
			return usage();
		}
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				return usage();
			}
			options.put(args[i].substring(2), args[++i]);
		}
		AgencyClient.AgencyFile file = AgencyClient.AgencyFile.read(Path.of(required(options, "agency")));
		String server = options.getOrDefault("server", "http://localhost:8080");
		switch (args[0]) {
			case "serve" -> serve(server, file);
			case "link" -> this.out.println(AgencyClient.of(server, file).link(required(options, "number")));
			case "codes" -> file.records()
				.forEach((r) -> this.out.println(r.path("label").asString("") + "\t" + r.path("code").asString("")));
			case "request" -> {
				return request(server, file, options);
			}
			default -> {
				return usage();
			}
		}
		return 0;
	}

	private void serve(String server, AgencyClient.AgencyFile file) {
		URI endpoint = URI.create(file.endpoint());
		AgencyClient client = AgencyClient.of(server, file);
		ReferenceAgency agency = new ReferenceAgency(client, file.organisationId(), file.item());
		int linked = 0;
		for (JsonNode record : file.records()) {
			if (record.hasNonNull("code")) {
				agency.keep(record.get("code").asString(), record.get("data"));
			}
			else {
				agency.keepByNumber(record.get("individualNumber").asString(), record.get("data"));
				linked++;
			}
		}
		agency.start(endpoint.getHost(), endpoint.getPort());
		this.out.println(file.identifier() + " answers " + file.item() + " for " + file.records().size() + " people at "
				+ endpoint + (linked > 0 ? " (" + linked + " linked by number just now)" : ""));
		Runtime.getRuntime().addShutdownHook(new Thread(agency::close));
		try {
			Thread.currentThread().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private int request(String server, AgencyClient.AgencyFile file, Map<String, String> options) {
		AgencyClient client = AgencyClient.of(server, file);
		String subject = options.get("subject");
		if (subject == null) {
			String label = required(options, "subject-label");
			for (JsonNode record : file.records()) {
				if (label.equals(record.path("label").asString(""))) {
					subject = record.path("code").asString();
				}
			}
			if (subject == null) {
				throw new AgencyException("The agency keeps no record labelled " + label + ".");
			}
		}
		String provider = provider(client, required(options, "provider"));
		String requestId = options.getOrDefault("request-id", UUID.randomUUID().toString());
		HttpResponse<String> response = client.request(client.signRequest(requestId, subject, provider,
				required(options, "item"), required(options, "purpose")));
		if (response.statusCode() != 200) {
			this.err.println("HTTP " + response.statusCode() + ": " + AgencyClient.problem(response));
			return 1;
		}
		JsonNode answer = AgencyClient.JSON.readTree(response.body());
		JsonNode result = client.verifyResult(answer.get("response").asString(), requestId, subject);
		// the result verified against the hub's published keys, and where the exchange is in the transparency log
		tools.jackson.databind.node.ObjectNode out = AgencyClient.JSON.createObjectNode();
		out.put("requestId", requestId);
		out.set("logIndex", answer.get("logIndex"));
		out.set("result", result);
		this.out.println(AgencyClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
		return 0;
	}

	/** An agency named by organisation id or by identifier. */
	private static String provider(AgencyClient client, String name) {
		try {
			return UUID.fromString(name).toString();
		}
		catch (IllegalArgumentException ex) {
			// an identifier: look it up
		}
		HttpResponse<String> response = client.send("GET", "/api/v1/exchange/agencies", null, null);
		if (response.statusCode() != 200) {
			throw new AgencyException("The agencies cannot be listed (HTTP " + response.statusCode() + ")");
		}
		for (JsonNode agency : AgencyClient.JSON.readTree(response.body())) {
			if (name.equals(agency.path("identifier").asString(""))) {
				return agency.get("id").asString();
			}
		}
		throw new AgencyException("No agency has the identifier " + name + ".");
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new AgencyException("--" + name + " is required.");
		}
		return value;
	}

	private int usage() {
		this.err.println("""
				usage: serve   --server URL --agency FILE
				       link    --server URL --agency FILE --number N
				       codes   --agency FILE
				       request --server URL --agency FILE --provider IDENTIFIER --item ITEM --purpose PURPOSE
				               (--subject CODE | --subject-label LABEL) [--request-id ID]""");
		return 2;
	}

}
