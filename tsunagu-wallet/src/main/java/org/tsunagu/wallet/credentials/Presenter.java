package org.tsunagu.wallet.credentials;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

/**
 * Answers a verifier as an OpenID4VP 1.0 wallet: the request object fetched by reference and checked
 * ({@link PresentationRequest}); for each credential query an unused, unexpired copy of an accepted type that has
 * every claim asked, presented with the fewest disclosures the query needs; then, once the person has seen exactly
 * that and given the PIN, a key binding JWT for this verifier and request, and the {@code vp_token} sent by
 * {@code direct_post}, or encrypted to the verifier's key with {@code direct_post.jwt}. A copy that has been sent
 * is deleted whatever the verifier answers: each is shown once, so that verifiers cannot link two answers by it.
 *
 * @see <a href="https://openid.net/specs/openid-4-verifiable-presentations-1_0.html#section-8.2">OpenID4VP 1.0 sections 5, 8.1 and 8.2</a>
 */
public final class Presenter {

	private final Wire wire;

	private final Clock clock;

	private final HolderProofs proofs;

	public Presenter(HttpClient http, Clock clock) {
		this.wire = new Wire(http);
		this.clock = clock;
		this.proofs = new HolderProofs(clock);
	}

	/** One credential query's answer: the copy, and what of it is disclosed ({@code name: value} lines). */
	public record Shown(String queryId, StoredCredential copy, List<String> disclosed) {
	}

	/** What would be sent, for the person to see before agreeing; nothing is sent yet. */
	public static final class Plan {

		private final PresentationRequest request;

		private final List<Shown> shown;

		private final Map<String, List<String>> digests;

		private Plan(PresentationRequest request, List<Shown> shown, Map<String, List<String>> digests) {
			this.request = request;
			this.shown = shown;
			this.digests = digests;
		}

		/** The verifier's name as it gives it, and the DNS name its certificate proves. */
		public String verifier() {
			return this.request.verifierName() + " (" + this.request.dnsName() + ")";
		}

		public List<Shown> shown() {
			return this.shown;
		}

		/** Whether the answer goes encrypted to the verifier's key for this request ({@code direct_post.jwt}). */
		public boolean encrypted() {
			return this.request.encryption() != null;
		}

	}

	/**
	 * Fetches and checks the request, and chooses the copies and disclosures that answer it.
	 * @param anchors the CAs whose verifiers the card trusts (the card's own chain)
	 */
	public Plan plan(String link, List<StoredCredential> copies, List<X509Certificate> anchors) {
		PresentationRequest.Reference reference = PresentationRequest.Reference.parse(link);
		HttpResponse<String> fetched = this.wire.get(reference.requestUri(), PresentationRequest.MEDIA_TYPE);
		if (fetched.statusCode() != 200) {
			throw new WalletException("The verifier's request cannot be fetched (it may have expired or been answered): "
					+ Wire.problem(fetched) + ".");
		}
		if (!fetched.headers().firstValue("Content-Type").orElse("").startsWith(PresentationRequest.MEDIA_TYPE)) {
			throw new WalletException("The verifier's request is not a request object (" + PresentationRequest.MEDIA_TYPE + ").");
		}
		PresentationRequest request = PresentationRequest.verify(fetched.body(), reference, anchors, this.clock.instant());
		List<Shown> shown = new ArrayList<>();
		Map<String, List<String>> digests = new LinkedHashMap<>();
		for (DcqlQuery.CredentialQuery query : request.query().credentials()) {
			Choice choice = choose(query, copies, shown)
				.orElseThrow(() -> new WalletException("No credential here answers the verifier's query " + query.id() + ": a "
						+ String.join(" or ", query.vctValues()) + " with " + names(query.paths()) + " (unused, not expired)."));
			shown.add(new Shown(query.id(), choice.copy(), disclosed(choice)));
			digests.put(query.id(), choice.digests());
		}
		return new Plan(request, List.copyOf(shown), digests);
	}

	private record Choice(StoredCredential copy, SdJwtVc credential, List<String> digests) {
	}

	/** The copy that answers the query with the fewest disclosures, the soonest to expire among equals. */
	private Optional<Choice> choose(DcqlQuery.CredentialQuery query, List<StoredCredential> copies, List<Shown> taken) {
		List<Choice> choices = new ArrayList<>();
		for (StoredCredential copy : copies) {
			if (copy.expired(this.clock.instant()) || !query.vctValues().contains(copy.vct())
					|| taken.stream().anyMatch((s) -> s.copy().equals(copy))) {
				continue;
			}
			SdJwtVc credential;
			try {
				credential = SdJwtVc.parse(copy.credential());
			}
			catch (WalletException ex) {
				// a damaged copy answers nothing; the others still may
				continue;
			}
			credential.disclosuresFor(query.paths()).ifPresent((d) -> choices.add(new Choice(copy, credential, d)));
		}
		return choices.stream()
			.min(Comparator.<Choice>comparingInt((c) -> c.digests().size())
				.thenComparing((c) -> c.copy().expiresAt(), Comparator.nullsLast(Comparator.naturalOrder())));
	}

	/** What the verifier learns from the disclosures, as {@code path: value} lines. */
	private static List<String> disclosed(Choice choice) {
		List<String> lines = new ArrayList<>();
		lines(choice.credential().claims(new HashSet<>(choice.digests())), "", lines);
		return lines;
	}

	private static void lines(JsonNode value, String path, List<String> lines) {
		if (value.isObject() && (path.isEmpty() || !value.isEmpty())) {
			value.properties().forEach((e) -> lines(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), lines));
		}
		else {
			lines.add(path + ": " + (value.isString() ? value.asString() : value.toString()));
		}
	}

	/**
	 * Makes the presentations with the holder keys (opening them is where the PIN is checked: a wrong one sends
	 * nothing), deletes the copies from {@code store}, and sends them; the verifier's refusal is the exception.
	 * @return the address the verifier asks the person to open next, if any
	 */
	public Optional<String> send(Plan plan, Function<StoredCredential, PrivateKey> holderKeys, CredentialStore store) {
		PresentationRequest request = plan.request;
		Map<String, List<String>> vpToken = new LinkedHashMap<>();
		for (Shown shown : plan.shown) {
			SdJwtVc credential = SdJwtVc.parse(shown.copy().credential());
			String presented = credential.present(plan.digests.get(shown.queryId()));
			ECPrivateKey key = (ECPrivateKey) holderKeys.apply(shown.copy());
			vpToken.put(shown.queryId(), List.of(presented + this.proofs.keyBinding(key, presented, request.clientId(), request.nonce())));
		}
		Map<String, String> form = new LinkedHashMap<>();
		if (request.encryption() != null) {
			// direct_post.jwt: every parameter inside one JWE to the verifier's key for this request
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put("vp_token", vpToken);
			if (request.state() != null) {
				parameters.put("state", request.state());
			}
			form.put("response", request.encryption().encrypt(parameters));
		}
		else {
			form.put("vp_token", Wire.JSON.writeValueAsString(vpToken));
			if (request.state() != null) {
				form.put("state", request.state());
			}
		}
		store.remove(plan.shown.stream().map(Shown::copy).toList());
		HttpResponse<String> answer = this.wire.send(HttpRequest.newBuilder(Wire.checked("The response_uri", request.responseUri()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Wire.form(form))));
		if (answer.statusCode() != 200) {
			throw new WalletException(request.verifierName() + " refused the presentation: " + Wire.problem(answer)
					+ ". The copy sent is deleted all the same: it has been seen.");
		}
		try {
			return Optional.ofNullable(Wire.JSON.readTree(answer.body()).path("redirect_uri").asString(null));
		}
		catch (RuntimeException ex) {
			// accepted, with an answer that is not JSON: nothing to open next
			return Optional.empty();
		}
	}

	private static String names(List<List<String>> paths) {
		return paths.isEmpty() ? "no claim" : String.join(", ", paths.stream().map((p) -> String.join(".", p)).toList());
	}

}
