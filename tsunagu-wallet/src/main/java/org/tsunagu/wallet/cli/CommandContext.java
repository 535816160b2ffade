package org.tsunagu.wallet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import org.tsunagu.wallet.SoftwareCard;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every wallet command works with, made once per command line: the terminal it prints to, the PINs it asks, one
 * HTTP client and one JSON mapper; and the two things commands resolve alike, the server a card talks to and the files
 * a person hands over.
 *
 * @param out where the command's answer goes
 * @param pins asks the PINs, on the terminal or one per line from standard input
 * @param http the client for every call to the platform
 * @param json the mapper for every JSON document read or written
 */
record CommandContext(PrintStream out, PinReader pins, HttpClient http, JsonMapper json) {

	/**
	 * The server named with {@code --server}, or else the one the card was issued by (its {@code card.json}).
	 * @throws WalletCli.UsageException when neither names one
	 */
	String server(SoftwareCard card, String server) {
		return server != null ? server : card.text("card.json")
			.map((info) -> this.json.readTree(info).path("server").asString(null))
			.orElseThrow(() -> new WalletCli.UsageException("--server is required"));
	}

	/** The origin ({@code scheme://authority}) of {@link #server(SoftwareCard, String) the card's server}. */
	String origin(SoftwareCard card, String server) {
		return origin(server(card, server));
	}

	/** A server address's origin ({@code scheme://authority}): the API paths are put after it. */
	static String origin(String server) {
		URI uri = URI.create(server);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	/** A JSON file the user hands over (a card download, a proof): one sentence when it is not JSON. */
	JsonNode readJson(Path file) {
		byte[] content = readFile(file);
		if (content.length > 4 * 1024 * 1024) {
			throw new WalletException(file + " is larger than a card or a proof can be.");
		}
		try {
			return this.json.readTree(content);
		}
		catch (RuntimeException ex) {
			throw new WalletException(file + " is not JSON.");
		}
	}

	/** A file the user hands over, whole; one sentence when it cannot be read. */
	static byte[] readFile(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new WalletException("Cannot read " + file + ".", ex);
		}
	}

}
