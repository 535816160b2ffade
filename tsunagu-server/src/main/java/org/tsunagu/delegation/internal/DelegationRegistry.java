package org.tsunagu.delegation.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.delegation.DelegationRecorded;
import org.tsunagu.oidc.ProxyServices;
import org.tsunagu.pki.CardSignatures;
import org.tsunagu.platform.ApiProblem;
import org.tsunagu.platform.StrictJson;
import org.tsunagu.platform.TsunaguProperties;
import org.tsunagu.platform.Violations;
import org.tsunagu.registry.IdentityMatch;
import org.tsunagu.registry.ResidentFacts;
import org.tsunagu.registry.Residents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records delegations: an operator's record of legal representation with its evidence, and a mandate a person
 * gives, which takes effect once the person's card has signed its document. Every rule is checked before anything
 * is stored; each delegation that takes effect is published, so that the log records it under both people.
 */
@Service
public class DelegationRegistry {

	private static final JsonMapper JSON = StrictJson.mapper();

	/** How many mandates a person may draft in a day. */
	static final int MANDATE_DRAFTS_PER_DAY = 20;

	private final JdbcDelegations store;

	private final Residents residents;

	private final ProxyServices services;

	private final CardSignatures signatures;

	private final ApplicationEventPublisher events;

	private final TsunaguProperties properties;

	private final Clock clock;

	DelegationRegistry(JdbcDelegations store, Residents residents, ProxyServices services, CardSignatures signatures,
			ApplicationEventPublisher events, TsunaguProperties properties, Clock clock) {
		this.store = store;
		this.residents = residents;
		this.services = services;
		this.signatures = signatures;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/** An operator's record of legal representation, in effect at once. */
	@Transactional
	public Map<String, Object> record(DelegationForms.OperatorRecord form, String operator) {
		Violations v = new Violations();
		LocalDate today = this.properties.today(this.clock);
		if (form.kind() == null || !DelegationRules.OPERATOR_KINDS.contains(form.kind())) {
			v.add("/kind", "The kind is one of " + String.join(", ", DelegationRules.OPERATOR_KINDS) + ".");
		}
		ResidentFacts represented = find(DelegationRules.required(form.representedId(), "/representedId", v));
		ResidentFacts proxy = find(DelegationRules.required(form.proxyId(), "/proxyId", v));
		DelegationRules.people(form.kind(), represented, proxy, today, v);
		List<String> services = DelegationRules.services(form.services(), true, this.services, v);
		List<String> claims = DelegationRules.claims(form.claims(), this.services.personScopes(), v);
		DelegationRules.evidence(form.evidence(), v);
		LocalDate until;
		if ("legal-representative".equals(form.kind())) {
			if (form.validUntil() != null) {
				v.add("/validUntil", "A child's legal representation ends by itself the day before the 18th birthday.");
			}
			until = represented == null ? null : DelegationRules.childhoodEnds(represented);
		}
		else {
			until = DelegationRules.until(form.validUntil(), today, null, v);
		}
		v.throwIfAny();
		refuseCycleAndSuspendedProxy(represented, proxy);
		JdbcDelegations.Row row = new JdbcDelegations.Row(UUID.randomUUID(), represented.id(), proxy.id(), form.kind(),
				services, claims, today, until, form.evidence().type() + " " + form.evidence().reference() + " (checked by "
						+ form.evidence().verifiedBy() + ")", null, "active", "operator:" + operator, this.clock.instant(),
				null, null);
		this.store.insert(row, null);
		this.events.publishEvent(new DelegationRecorded(row.id(), row.representedId(), row.proxyId(), row.kind(),
				"operator:" + operator, row.createdAt()));
		return DelegationViews.view(row, this.residents, this.services);
	}

	/**
	 * A mandate the person gives, waiting for their card's signature over its document: the document names both
	 * people, the services, the claims and the days, as the person will see it in their wallet before signing.
	 */
	@Transactional
	public Map<String, Object> draftMandate(UUID representedId, DelegationForms.Mandate form) {
		// a draft answers with the named proxy's name: a bounded number a day keeps it from being a lookup of people
		// by number and birth date
		if (this.store.mandatesDraftedSince(representedId, this.clock.instant().minus(java.time.Duration.ofDays(1)))
				>= MANDATE_DRAFTS_PER_DAY) {
			ApiProblem tooMany = ApiProblem.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-mandates", "Too many mandates today",
					"At most " + MANDATE_DRAFTS_PER_DAY + " mandates are drafted in a day; try again tomorrow.");
			tooMany.getHeaders().set("Retry-After", "3600");
			throw tooMany;
		}
		Violations v = new Violations();
		LocalDate today = this.properties.today(this.clock);
		ResidentFacts represented = find(representedId);
		ResidentFacts proxy = null;
		if (form.proxy() == null || form.proxy().individualNumber() == null || form.proxy().birthDate() == null) {
			v.add("/proxy", "Name the proxy by their individual number and date of birth.");
		}
		else {
			IdentityMatch match = this.residents.byNumber(form.proxy().individualNumber());
			LocalDate birth = v.date(form.proxy().birthDate(), "/proxy/birthDate", true);
			proxy = match.isLinked() ? find(match.residentId()) : null;
			if (proxy == null || birth == null || !birth.equals(proxy.birthDate())) {
				v.add("/proxy", "No living resident has this individual number and date of birth.");
				proxy = null;
			}
		}
		DelegationRules.people("mandate", represented, proxy, today, v);
		if (represented != null && DelegationRules.age(represented, today) < DelegationRules.ADULT) {
			v.add("/proxy", "A child's legal representatives act for them; a child gives no mandate.");
		}
		List<String> services = DelegationRules.services(form.services(), false, this.services, v);
		List<String> claims = DelegationRules.claims(form.claims(), this.services.personScopes(), v);
		LocalDate until = DelegationRules.until(form.validUntil(), today, Period.ofYears(1), v);
		v.throwIfAny();
		refuseCycleAndSuspendedProxy(represented, proxy);
		UUID id = UUID.randomUUID();
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("type", "tsunagu-mandate");
		document.put("id", id.toString());
		document.put("represented", represented.fullName());
		document.put("proxy", proxy.fullName());
		document.put("services", services.stream().map((s) -> this.services.terms(s).map(ProxyServices.Terms::nameEn).orElse(s)).toList());
		document.put("serviceIds", services);
		document.put("claims", claims);
		document.put("validFrom", today.toString());
		document.put("validUntil", until.toString());
		JdbcDelegations.Row row = new JdbcDelegations.Row(id, represented.id(), proxy.id(), "mandate", services, claims, today,
				until, null, JSON.writeValueAsString(document), "awaiting-signature", "resident", this.clock.instant(), null,
				null);
		this.store.insert(row, null);
		return DelegationViews.view(row, this.residents, this.services);
	}

	/** The card's signature over a mandate's document: checked, kept, and the mandate takes effect. */
	@Transactional
	public Map<String, Object> signMandate(UUID representedId, UUID mandateId, DelegationForms.Signature form) {
		JdbcDelegations.Row row = this.store.find(mandateId)
			.filter((r) -> r.representedId().equals(representedId) && "mandate".equals(r.kind()))
			.orElseThrow(() -> ApiProblem.notFound("The mandate"));
		if (!"awaiting-signature".equals(row.status())) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "mandate-not-awaiting-signature", "Already signed or ended",
					"This mandate is " + row.status() + "; a new one needs a new draft.");
		}
		if (form.signature() == null || form.signature().length() > 20_000) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid",
					"signature is the base64 of a detached CMS signature over the mandate's document.");
		}
		String content = Base64.getEncoder().encodeToString(row.document().getBytes(StandardCharsets.UTF_8));
		if (!this.signatures.signer(form.signature(), content).filter(representedId::equals).isPresent()) {
			throw ApiProblem.of(HttpStatus.UNPROCESSABLE_ENTITY, "signature-not-valid", "Not signed by your card",
					"The signature is not a valid signature of this mandate's document by your card's signing key.");
		}
		byte[] signature;
		try {
			signature = Base64.getDecoder().decode(form.signature());
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "The request is not valid", "signature is base64.");
		}
		refuseCycleAndSuspendedProxy(find(row.representedId()), find(row.proxyId()));
		if (!this.store.signed(mandateId, signature)) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "mandate-not-awaiting-signature", "Already signed or ended",
					"This mandate was signed or ended meanwhile.");
		}
		Instant now = this.clock.instant();
		this.events.publishEvent(new DelegationRecorded(row.id(), row.representedId(), row.proxyId(), row.kind(), "resident", now));
		return DelegationViews.view(this.store.find(mandateId).orElseThrow(), this.residents, this.services);
	}

	/**
	 * Every delegation where the person is represented ({@code forMe}) or the proxy ({@code byMe}), newest first,
	 * as {@code viewer} may see them ({@code null}: an operator).
	 */
	public Map<String, Object> of(UUID residentId, UUID viewer) {
		List<JdbcDelegations.Row> rows = this.store.of(residentId);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("forMe", rows.stream().filter((r) -> r.representedId().equals(residentId))
			.map((r) -> DelegationViews.view(r, this.residents, this.services, viewer)).toList());
		answer.put("byMe", rows.stream().filter((r) -> r.proxyId().equals(residentId) && !"awaiting-signature".equals(r.status()))
			.map((r) -> DelegationViews.view(r, this.residents, this.services, viewer)).toList());
		// a child's other legal representative sees who else represents the child
		answer.put("alongsideMe", rows.stream()
			.filter((r) -> r.proxyId().equals(residentId) && r.active() && "legal-representative".equals(r.kind()))
			.flatMap((r) -> this.store.activeForRepresented(r.representedId()).stream())
			.filter((r) -> "legal-representative".equals(r.kind()) && !r.proxyId().equals(residentId))
			.map((r) -> DelegationViews.view(r, this.residents, this.services, viewer))
			.toList());
		return answer;
	}

	/** The services a mandate may name: those that accept proxies. */
	public List<Map<String, Object>> proxyServices() {
		return this.services.acceptingProxies()
			.stream()
			.<Map<String, Object>>map((t) -> Map.of("clientId", t.clientId(), "name", Map.of("en", t.nameEn(), "ja",
					t.nameJa() == null ? t.nameEn() : t.nameJa()), "scopes", t.scopes().stream().sorted().toList()))
			.toList();
	}

	/** A delegation never goes round (A for B while B acts for A), nor to a proxy whose own card is suspended. */
	private void refuseCycleAndSuspendedProxy(ResidentFacts represented, ResidentFacts proxy) {
		if (this.store.protectedFrom(represented.id(), proxy.id(), this.properties.today(this.clock))) {
			// said as a refusal the creator may read, without naming the order to anyone who asks about the proxy
			throw ApiProblem.of(HttpStatus.CONFLICT, "delegation-refused", "Not possible for this proxy",
					"This person cannot be given a delegation for the represented person; ask the registry office.");
		}
		if (this.store.activeForProxy(represented.id()).stream().anyMatch((r) -> r.representedId().equals(proxy.id()))) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "delegation-loop", "A delegation loop",
					"The proxy is represented by this person already; a delegation does not go round.");
		}
		if (this.signatures.hasSuspendedCard(proxy.id()) && !this.signatures.hasActiveCard(proxy.id())) {
			throw ApiProblem.of(HttpStatus.CONFLICT, "proxy-card-suspended", "The proxy's card is suspended",
					"A proxy whose own card is suspended cannot be given a delegation.");
		}
	}

	private ResidentFacts find(UUID id) {
		return id == null ? null : this.residents.find(id).filter(ResidentFacts::living).orElse(null);
	}

}
