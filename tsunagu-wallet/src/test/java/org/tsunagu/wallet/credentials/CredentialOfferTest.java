package org.tsunagu.wallet.credentials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credential offers as links carry them, and each way one can be malformed. */
class CredentialOfferTest {

	static final String OFFER = """
			{"credential_issuer":"https://issuer.example","credential_configuration_ids":["tsunagu_pid","tsunagu_age"],
			 "grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"oaKazRN8I0IbtZ0C7JuMn5",
			 "tx_code":{"input_mode":"numeric","length":6,"description":"Enter the 6-digit code shown beside the QR code"}}}}""";

	static final Function<String, JsonNode> NO_FETCH = (uri) -> {
		throw new AssertionError("fetched " + uri);
	};

	static String link(String offer) {
		return "openid-credential-offer://?credential_offer=" + URLEncoder.encode(offer, StandardCharsets.UTF_8);
	}

	@Test
	void parseWhenByValueThenEveryPart() {
		CredentialOffer offer = CredentialOffer.parse(link(OFFER), NO_FETCH);
		assertThat(offer.credentialIssuer()).isEqualTo("https://issuer.example");
		assertThat(offer.configurationIds()).containsExactly("tsunagu_pid", "tsunagu_age");
		assertThat(offer.preAuthorizedCode()).isEqualTo("oaKazRN8I0IbtZ0C7JuMn5");
		assertThat(offer.txCode().accepts("259073")).isTrue();
		assertThat(offer.txCode().accepts("25907")).isFalse();
		assertThat(offer.txCode().accepts("25907a")).isFalse();
		assertThat(offer.txCode().prompt()).contains("6 digits").contains("beside the QR code");
	}

	@Test
	void parseWhenByReferenceThenFetchedFromTheUri() {
		CredentialOffer offer = CredentialOffer.parse("openid-credential-offer://?credential_offer_uri="
				+ URLEncoder.encode("https://issuer.example/offers/1", StandardCharsets.UTF_8), (uri) -> {
					assertThat(uri).isEqualTo("https://issuer.example/offers/1");
					return Wire.JSON.readTree(OFFER);
				});
		assertThat(offer.configurationIds()).hasSize(2);
	}

	@Test
	void parseWhenNoTxCodeThenNoneAsked() {
		CredentialOffer offer = CredentialOffer.parse(OFFER.replaceAll(",\\s*\"tx_code\":\\{[^}]*}", ""), NO_FETCH);
		assertThat(offer.txCode()).isNull();
	}

	@Test
	void parseWhenMalformedThenOneSentenceEach() {
		List<String> bad = List.of("hello", "openid-credential-offer://?x=1",
				link(OFFER) + "&credential_offer_uri=https%3A%2F%2Fissuer.example%2Fo",
				link("{\"credential_issuer\":"), link("[1]"),
				link(OFFER.replace("https://issuer.example", "http://issuer.example")),
				link(OFFER.replace("\"tsunagu_pid\",", "")
					.replace("\"tsunagu_age\"", "\"tsunagu_age\",\"tsunagu_age\"")),
				link(OFFER.replace("[\"tsunagu_pid\",\"tsunagu_age\"]", "[]")),
				link(OFFER.replace("pre-authorized_code\":{", "authorization_code\":{")),
				link(OFFER.replace("\"length\":6", "\"length\":\"six\"")),
				"openid-credential-offer://?credential_offer=%E0%A4%A");
		for (String offer : bad) {
			assertThatThrownBy(() -> CredentialOffer.parse(offer, NO_FETCH)).as(offer).isInstanceOf(WalletException.class);
		}
	}

	@Test
	void parseWhenTheUriIsNotHttpsThenNotFetched() {
		assertThatThrownBy(() -> CredentialOffer.parse("openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fissuer.example%2Fo",
				NO_FETCH)).isInstanceOf(WalletException.class).hasMessageContaining("https");
	}

}
