package org.tsunagu.fuzz;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tsunagu.TestApi;
import org.tsunagu.oidc.TestCards;
import org.tsunagu.registry.TestResidents;

/**
 * Fuzz target: the HTML forms of the operator console and of a resident's account, posted in a signed-in session
 * (its cookies kept, its CSRF token from a page first), and the console's sign-in without one.
 * <p>
 * Input: a selector byte (the form, modulo {@link #FORMS}' size), then the form's body as sent
 * ({@code application/x-www-form-urlencoded}), where {@code $csrf} stands for the session's token and
 * {@code $resident}, {@code $card}, {@code $othercard}, {@code $child}, {@code $delegation}, {@code $rule},
 * {@code $client}, {@code $holdercard}, {@code $represented}, {@code $parentnumber}, {@code $proxyservice} for what
 * the fixtures made.
 * <p>
 * Its rule (besides {@link FuzzServer}'s): a page (200, or 400, 403, 404 or 409 with the form again or a page that
 * says what went wrong, in HTML) or a redirect (302, 303); 429 at the sign-in after too many wrong credentials. A
 * refused post writes nothing but the console's log of an operator's refused attempt.
 */
public final class FormFuzzTarget {

	/** A form: whose session posts it, and where. */
	record Form(String session, String path) {
	}

	static final List<Form> FORMS = List.of(new Form("console", "/console/enrol"), new Form("console", "/console/find"),
			new Form("console", "/console/relying-party"), new Form("console", "/console/organisation"),
			new Form("console", "/console/rule"), new Form("console", "/console/residents/$child/representation"),
			new Form("console", "/console/residents/$resident/event"), new Form("console", "/console/residents/$resident/card"),
			new Form("console", "/console/residents/$child/protection-order"),
			new Form("console", "/console/residents/$resident/cards/$card/pin-reset"),
			new Form("console", "/console/residents/$resident/cards/$othercard/revoke"),
			new Form("console", "/console/residents/$child/delegations/$delegation/end"),
			new Form("console", "/console/rules/$rule/end"), new Form("anonymous", "/console/signin"),
			new Form("account", "/account/services/withdraw"), new Form("account", "/account/insurance/withdraw"),
			new Form("account", "/account/card/suspend"), new Form("account", "/account/card/reactivate"),
			new Form("account", "/account/credentials/offer"), new Form("account", "/account/delegations/$represented/end"),
			new Form("account", "/account/delegations/mandate"));

	/** What a refused post may write: the log entry of an operator's attempt, which the console makes through the API. */
	static final Set<String> MAY_WRITE = Set.of("log_entry", "oidc_assertion_jti");

	/** Where each kind of signed-in session is known to be signed in. */
	static final Map<String, String> HOME = Map.of("console", "/console/enrol", "account", "/account/delegations/mandate");

	private static final Map<String, FuzzSession> SESSIONS = new HashMap<>();

	private static final Set<String> STALE = new java.util.HashSet<>();

	private static Map<String, String> values;

	private static TestCards card;

	private FormFuzzTarget() {
	}

	public static void fuzzerInitialize() throws Exception {
		fixtures();
	}

	private static synchronized void fixtures() throws Exception {
		if (values != null) {
			return;
		}
		Map<String, String> found = new HashMap<>(FuzzApiFixtures.get().values);
		TestApi api = FuzzActors.api();
		card = TestCards.issue(api, TestResidents.katsukoAt("内幸町" + FuzzActors.digits(4)),
				Files.createTempDirectory("fuzz-form-card"));
		found.put("holdercard", api.get("/api/v1/residents/" + card.residentId() + "/cards").jsonBody()
			.at("/cards/0/cardId").asString());
		String child = FuzzApiFixtures.created(api.postJson("/api/v1/residents", TestResidents.hinataChild())).get("id")
			.asString();
		found.put("represented", FuzzApiFixtures.created(api.postJson("/api/v1/delegations", """
				{"kind":"legal-representative","representedId":"%s","proxyId":"%s","services":["*"],"claims":["profile"],
				 "evidence":{"type":"family-register","reference":"Chiyoda 2016-0125","verifiedBy":"chiyoda-desk-4"}}"""
			.formatted(child, card.residentId()))).get("id").asString());
		values = found;
	}

	/** The session of a kind, signed in again when a post may have ended it. */
	private static synchronized FuzzSession session(String kind) throws Exception {
		FuzzSession session = SESSIONS.get(kind);
		// a sign-in that succeeds gives the anonymous session another id: it is made again
		if (session != null && STALE.remove(kind) && (kind.equals("anonymous") || !session.signedIn(HOME.get(kind)))) {
			session = null;
		}
		if (session == null) {
			if (kind.equals("account")) {
				// a post may have suspended the card, which the resident then signs in with
				FuzzActors.api().postJson("/api/v1/cards/" + values.get("holdercard") + "/reactivate", "");
			}
			session = switch (kind) {
				case "console" -> FuzzSession.console();
				case "account" -> FuzzSession.account(card);
				default -> FuzzSession.anonymous();
			};
			SESSIONS.put(kind, session);
		}
		return session;
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		fixtures();
		FuzzServer server = FuzzServer.get();
		Form form = FORMS.get((data[0] & 0xff) % FORMS.size());
		FuzzSession session = session(form.session());
		Map<String, String> filled = new HashMap<>(values);
		filled.put("csrf", session.csrf);
		String path = new String(FuzzJws.fill(form.path().getBytes(StandardCharsets.UTF_8), filled), StandardCharsets.UTF_8);
		HttpRequest.Builder request = server.request(path)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.header("Cookie", session.cookieHeader())
			.POST(HttpRequest.BodyPublishers.ofByteArray(FuzzJws.fill(Arrays.copyOfRange(data, 1, data.length), filled)));
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(request, MAY_WRITE);
			int status = answer.statusCode();
			if (status == 429 && form.path().equals("/console/signin")) {
				return;
			}
			FuzzActors.requireStatus(answer, 200, 302, 303, 400, 403, 404, 409);
			if (status / 100 != 3 && !answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
				throw new FuzzBounds.FuzzFinding("a form answered HTTP " + status + " with "
						+ answer.headers().firstValue("Content-Type").orElse("no body type") + ", not a page: " + answer.body());
			}
			if (status / 100 == 3 || status == 403) {
				synchronized (FormFuzzTarget.class) {
					STALE.add(form.session());
				}
			}
		});
	}

}
