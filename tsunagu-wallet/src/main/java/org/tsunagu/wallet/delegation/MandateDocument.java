package org.tsunagu.wallet.delegation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A mandate's document as the platform drafted it: the exact bytes the card signs, and what they say, read from
 * those bytes (never from the rest of the answer), so that what the person reads is what they sign.
 */
public final class MandateDocument {

	static final String TYPE = "tsunagu-mandate";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final byte[] bytes;

	private final String id;

	private final String represented;

	private final String proxy;

	private final List<String> services;

	private final List<String> serviceIds;

	private final List<String> claims;

	private final String validFrom;

	private final String validUntil;

	private MandateDocument(byte[] bytes, JsonNode document) {
		this.bytes = bytes.clone();
		this.id = text(document, "id");
		this.represented = text(document, "represented");
		this.proxy = text(document, "proxy");
		this.services = texts(document, "services");
		this.serviceIds = texts(document, "serviceIds");
		this.claims = texts(document, "claims");
		this.validFrom = text(document, "validFrom");
		this.validUntil = text(document, "validUntil");
	}

	/**
	 * The document of mandate {@code mandateId}, from its bytes.
	 * @throws WalletException when the bytes are not a mandate document for that id, with every part present
	 */
	public static MandateDocument parse(String mandateId, byte[] bytes) {
		JsonNode document;
		try {
			document = JSON.readTree(bytes);
		}
		catch (RuntimeException ex) {
			document = null;
		}
		if (document == null || !document.isObject() || !TYPE.equals(document.path("type").asString(null))) {
			throw new WalletException("The server sent a document that is not a mandate; nothing was signed.");
		}
		MandateDocument parsed;
		try {
			parsed = new MandateDocument(bytes, document);
		}
		catch (IllegalArgumentException ex) {
			throw new WalletException("The mandate's document has no " + ex.getMessage() + "; nothing was signed.");
		}
		if (!parsed.id.equals(mandateId)) {
			throw new WalletException("The server sent the document of another mandate; nothing was signed.");
		}
		return parsed;
	}

	/** The exact bytes to sign. */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	public String id() {
		return this.id;
	}

	public List<String> serviceIds() {
		return this.serviceIds;
	}

	public List<String> claims() {
		return this.claims;
	}

	public String validUntil() {
		return this.validUntil;
	}

	/** The document in lines a person reads before signing: who, to whom, where, what, from and until when. */
	public List<String> lines() {
		List<String> lines = new ArrayList<>();
		lines.add("The mandate you are about to sign (" + this.id + "):");
		lines.add("  given by:   " + Terminal.safe(this.represented) + " (you)");
		lines.add("  to:         " + Terminal.safe(this.proxy) + ", who may then act for you");
		lines.add("  at:         " + String.join(", ", services()));
		lines.add("  releasing:  " + Terminal.safe(String.join(", ", this.claims)));
		lines.add("  from:       " + Terminal.safe(this.validFrom));
		lines.add("  until:      " + Terminal.safe(this.validUntil) + " (the last day it holds)");
		lines.add("You can withdraw it at any time with mandate-end.");
		return lines;
	}

	/** Each service by its name, with its client id when the document pairs them. */
	private List<String> services() {
		List<String> named = new ArrayList<>();
		for (int i = 0; i < this.services.size(); i++) {
			String name = Terminal.safe(this.services.get(i));
			String clientId = this.serviceIds.size() == this.services.size() ? Terminal.safe(this.serviceIds.get(i)) : name;
			named.add(name.equals(clientId) ? name : name + " (" + clientId + ")");
		}
		return named;
	}

	private static String text(JsonNode document, String name) {
		JsonNode value = document.path(name);
		if (!value.isString() || value.asString().isBlank()) {
			throw new IllegalArgumentException(name);
		}
		return value.asString();
	}

	private static List<String> texts(JsonNode document, String name) {
		JsonNode values = document.path(name);
		if (!values.isArray() || values.isEmpty()) {
			throw new IllegalArgumentException(name);
		}
		List<String> texts = new ArrayList<>();
		for (JsonNode value : values) {
			if (!value.isString()) {
				throw new IllegalArgumentException(name);
			}
			texts.add(value.asString());
		}
		return List.copyOf(texts);
	}

	@Override
	public String toString() {
		return "MandateDocument[" + this.id + "]";
	}

}
