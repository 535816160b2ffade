package org.tsunagu.exchange.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tsunagu.TestApi;
import org.tsunagu.TsunaguTest;
import org.tsunagu.eligibility.TestOrganisations;
import org.tsunagu.platform.JoseForgeries;
import org.tsunagu.platform.JoseForgeries.Forgery;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published JOSE forgeries against the exchange hub's check of an organisation's signed message: each is
 * rejected, quickly, while the same message honestly signed with the organisation's registered key is accepted.
 */
@TsunaguTest
class CveSignedMessagesTest {

	@Autowired
	TestApi api;

	@Autowired
	SignedMessages messages;

	TestOrganisations.Org agency;

	@BeforeEach
	void register() throws Exception {
		this.agency = TestOrganisations.register(this.api, "verifier", "Chiyoda City", "chiyoda-" + System.nanoTime() % 100000,
				"presentation:request");
		assertThat(this.messages.verify(genuine(), this.agency.client().clientId, SignedMessages.REQUEST).get("requestId")
			.asString()).isEqualTo("r-1");
	}

	/** A request as the organisation signs it: ES256 by its registered key, typed. */
	private String genuine() throws Exception {
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(SignedMessages.REQUEST))
			.keyID(this.agency.client().clientKey.getKeyID()).build(), new Payload("{\"requestId\":\"r-1\"}"));
		jws.sign(new ECDSASigner(this.agency.client().clientKey));
		return jws.serialize();
	}

	private void rejected(List<Forgery> forgeries) {
		assertThat(forgeries).isNotEmpty();
		for (Forgery forgery : forgeries) {
			long started = System.nanoTime();
			assertThatThrownBy(() -> this.messages.verify(forgery.token(), this.agency.client().clientId, SignedMessages.REQUEST))
				.as(forgery.attack()).isInstanceOf(SignedMessages.Rejected.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(forgery.attack()).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	@DisplayName("CVE-2022-21449 (Java ECDSA, 'psychic signatures'): an organisation's message with r = s = 0, r = s = n, s = 0 — rejected")
	void messageWhenEcdsaSignatureIsZeroOrTheOrderThenRejected() throws Exception {
		rejected(JoseForgeries.psychicSignatures(genuine()));
	}

	@Test
	@DisplayName("CVE-2022-23540 (jsonwebtoken): an organisation's message with alg none — rejected")
	void messageWhenAlgIsNoneThenRejected() throws Exception {
		rejected(JoseForgeries.unsigned(genuine()));
	}

	@Test
	@DisplayName("CVE-2015-9235 (jsonwebtoken): HS256 keyed with the organisation's public key, ES512, RS256, and PS256 (an accepted algorithm) by a stranger's RSA key under the organisation's EC key id — rejected")
	void messageWhenHmacWithThePublicKeyOrAnotherAlgorithmThenRejected() throws Exception {
		List<Forgery> forgeries = new ArrayList<>(JoseForgeries.otherAlgorithms(genuine(), this.agency.client().clientKey.toECPublicKey()));
		forgeries.add(JoseForgeries.resign(genuine(), "PS256 against an EC key", (h) -> h.put("alg", "PS256"),
				new RSASSASigner(new RSAKeyGenerator(2048).generate())));
		rejected(forgeries);
	}

	@Test
	@DisplayName("CVE-2018-0114 (node-jose): a stranger signs and names its own key (jwk, jku, x5u, a self-signed x5c, an injected kid) — rejected")
	void messageWhenHeaderNamesTheSignersOwnKeyThenRejected() throws Exception {
		rejected(JoseForgeries.selfNamedKeys(genuine()));
	}

	@Test
	@DisplayName("CVE-2020-28042 (ServiceStack), CVE-2019-17195 and CVE-2025-53864 (Nimbus JOSE+JWT): cut or missing signatures, broken messages, messages nested 50,000 deep — rejected, quickly, never an exception")
	void messageWhenSignatureIsCutOrMessageIsBrokenThenRejected() throws Exception {
		rejected(JoseForgeries.missingSignatures(genuine()));
		rejected(JoseForgeries.malformed());
		rejected(JoseForgeries.nested(genuine(), 50_000));
	}

}
