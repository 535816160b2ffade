package org.tsunagu.wallet.delegation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A mandate as the platform drafts one: Katsuko gives Lan a mandate at Sakura Bank. */
final class TestMandates {

	static final String ID = "0b7f3c2e-8d4a-4f4e-9a51-3f0c6f1d2a77";

	/** A number with a right check digit, made up for tests. */
	static final String LAN_NUMBER = "123456789018";

	static final String DOCUMENT = """
			{"type":"tsunagu-mandate","id":"%s","represented":"髙橋 葛\uDB40\uDD00子","proxy":"NGUYEN Thi Lan",\
			"services":["Sakura Bank"],"serviceIds":["sakura-cid"],"claims":["profile","birthdate"],\
			"validFrom":"2026-05-01","validUntil":"2026-11-01"}""".formatted(ID);

	private TestMandates() {
	}

	static byte[] document() {
		return DOCUMENT.getBytes(StandardCharsets.UTF_8);
	}

	/** The view the platform answers for the draft. */
	static String draftView() {
		return """
				{"id":"%s","kind":"mandate","status":"awaiting-signature",
				 "represented":{"id":"6f1d","name":"髙橋 葛子"},"proxy":{"id":"7a2c","name":"NGUYEN Thi Lan"},
				 "services":[{"clientId":"sakura-cid","name":{"en":"Sakura Bank","ja":"さくら銀行"}}],
				 "claims":["profile","birthdate"],"validFrom":"2026-05-01","validUntil":"2026-11-01",
				 "createdBy":"the represented person","createdAt":"2026-05-01T01:02:03Z","document":"%s"}"""
			.formatted(ID, Base64.getEncoder().encodeToString(document()));
	}

}
