package org.tsunagu.wallet.delegation;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mandate's arguments as typed: each checked for its form, the individual number never repeated. */
class MandateRequestTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static MandateRequest katsukoToLan() {
		return MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", " profile, birthdate ", "2026-11-01");
	}

	@Test
	void ofWhenEveryArgumentGivenThenBodyAsTheApiTakesIt() {
		JsonNode body = JSON.readTree(katsukoToLan().body(JSON));
		assertThat(body.path("proxy").path("individualNumber").asString()).isEqualTo(TestMandates.LAN_NUMBER);
		assertThat(body.path("proxy").path("birthDate").asString()).isEqualTo("1998-06-15");
		assertThat(body.path("services").toString()).isEqualTo("[\"sakura-cid\"]");
		assertThat(body.path("claims").toString()).isEqualTo("[\"profile\",\"birthdate\"]");
		assertThat(body.path("validUntil").asString()).isEqualTo("2026-11-01");
	}

	@Test
	void ofWhenNumberMissingThenRefused() {
		assertThatThrownBy(() -> MandateRequest.of(null, "1998-06-15", "sakura-cid", "profile", "2026-11-01"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("--proxy-number is required: the proxy's 12-digit individual number");
	}

	@Test
	void ofWhenNumberNotTwelveDigitsThenRefusedWithoutQuotingIt() {
		for (String wrong : new String[] { "12345678901", "1234567890123", "12345678901a", "1234 5678 9018" }) {
			assertThatThrownBy(() -> MandateRequest.of(wrong, "1998-06-15", "sakura-cid", "profile", "2026-11-01"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessage("--proxy-number is the proxy's individual number: exactly 12 digits")
				.message()
				.doesNotContain("12345678");
		}
	}

	@Test
	void ofWhenBirthDateNotADateThenRefused() {
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, "15/06/1998", "sakura-cid", "profile", "2026-11-01"))
			.hasMessage("--proxy-birth-date is a date written YYYY-MM-DD");
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, null, "sakura-cid", "profile", "2026-11-01"))
			.hasMessage("--proxy-birth-date is required: a date written YYYY-MM-DD");
	}

	@Test
	void ofWhenUntilNotADateThenRefused() {
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", "profile", "2026-02-30"))
			.hasMessage("--until is a date written YYYY-MM-DD");
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", "profile", null))
			.hasMessage("--until is required: a date written YYYY-MM-DD");
	}

	@Test
	void ofWhenServicesOrClaimsEmptyThenRefused() {
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", " , ", "profile", "2026-11-01"))
			.hasMessage("--services is required: one or more, separated by a comma");
		assertThatThrownBy(() -> MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", null, "2026-11-01"))
			.hasMessage("--claims is required: one or more, separated by a comma");
	}

	@Test
	void ofWhenFarAwayThenLeftToThePlatformsRule() {
		// the year's limit is the platform's rule, and its answer says so; the wallet checks only the form
		assertThat(MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", "profile", "2099-01-01").validUntil())
			.isEqualTo(LocalDate.of(2099, 1, 1));
	}

	@Test
	void toStringWhenAnyThenNumberHidden() {
		assertThat(katsukoToLan().toString()).isEqualTo("MandateRequest[redacted]").doesNotContain(TestMandates.LAN_NUMBER);
	}

	@Test
	void statedByWhenDocumentSaysWhatWasAskedThenTrue() {
		assertThat(katsukoToLan().statedBy(MandateDocument.parse(TestMandates.ID, TestMandates.document()))).isTrue();
	}

	@Test
	void statedByWhenDocumentDiffersThenFalse() {
		MandateDocument document = MandateDocument.parse(TestMandates.ID, TestMandates.document());
		assertThat(MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid,other-cid", "profile,birthdate",
				"2026-11-01").statedBy(document)).isFalse();
		assertThat(MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", "profile", "2026-11-01")
			.statedBy(document)).isFalse();
		assertThat(MandateRequest.of(TestMandates.LAN_NUMBER, "1998-06-15", "sakura-cid", "profile,birthdate", "2026-10-31")
			.statedBy(document)).isFalse();
	}

}
