package org.tsunagu.registry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enrolment bodies for test personas. Each call gives a different street number, so that tests sharing one
 * database never trip the duplicate check by accident; {@link #katsukoAt(String)} pins it when a test wants to.
 */
public final class TestResidents {

	/** 葛 followed by VARIATION SELECTOR-17 (U+E0100), then 子. */
	public static final String KATSUKO = "葛\uDB40\uDD00子";

	private static final AtomicInteger STREET = new AtomicInteger((int) (System.nanoTime() % 100_000));

	private TestResidents() {
	}

	/** Takahashi Katsuko: a rare family-name character (髙) and a variation sequence in her given name. */
	public static String katsuko() {
		return katsukoAt("千代田1-" + STREET.incrementAndGet());
	}

	public static String katsukoAt(String street) {
		return """
				{ "name": { "family": "髙橋", "given": "%s", "familyReading": "タカハシ", "givenReading": "カツコ",
				            "latin": "TAKAHASHI Katsuko" },
				  "birthDate": "1984-04-02", "sex": "female",
				  "address": { "country": "JP", "postalCode": "100-0001", "region": "東京都", "locality": "千代田区",
				               "streetAddress": "%s" },
				  "evidence": [ { "type": "passport", "method": "in-person", "verifiedBy": "operator-17" } ] }"""
			.formatted(KATSUKO, street);
	}

	/** Yamada Taro, enrolled remotely by video with a residence card: IAL2. */
	public static String taroRemote() {
		return """
				{ "name": { "family": "山田", "given": "太郎", "familyReading": "ヤマダ", "givenReading": "タロウ",
				            "latin": "YAMADA Taro" },
				  "birthDate": "1990-12-31",
				  "address": { "country": "JP", "postalCode": "530-0001", "region": "大阪府", "locality": "大阪市北区",
				               "streetAddress": "梅田2-%d" },
				  "evidence": [ { "type": "residence-card", "method": "remote-video", "verifiedBy": "osaka-desk-3" } ] }"""
			.formatted(STREET.incrementAndGet());
	}

	/**
	 * Nguyen Thi Lan, a Vietnamese national living in Tokyo, enrolled in person from her residence card: IAL3. Her
	 * status of residence is recorded apart, as a life event ({@link #residence(String, String, String)}).
	 */
	public static String lanFromVietnam() {
		return """
				{ "name": { "family": "NGUYEN", "given": "Thi Lan", "latin": "NGUYEN Thi Lan" },
				  "birthDate": "1998-06-15", "sex": "female", "nationality": "VN",
				  "address": { "country": "JP", "postalCode": "169-0073", "region": "東京都", "locality": "新宿区",
				               "streetAddress": "百人町2-%d" },
				  "evidence": [ { "type": "residence-card", "method": "in-person", "verifiedBy": "shinjuku-desk-2" } ] }"""
			.formatted(STREET.incrementAndGet());
	}

	/** A residence-changed event: the status of residence, the last day of the period, the work permission. */
	public static String residence(String status, String stayUntil, String workPermission) {
		return """
				{ "type": "residence-changed", "effectiveDate": "2026-04-01",
				  "residence": { "status": "%s", "periodOfStay": "P3Y", "stayUntil": "%s", "workPermission": "%s" } }"""
			.formatted(status, stayUntil, workPermission);
	}

	/** Takahashi Hinata's birth date: 16 years and a month ago, so that she stays a child of 16 whenever tests run. */
	public static final java.time.LocalDate HINATA_BORN = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"))
		.minusYears(16)
		.minusMonths(1);

	/** Takahashi Hinata, a child of 16, whose legal representative acts for her. */
	public static String hinataChild() {
		return childBorn(HINATA_BORN.toString());
	}

	/** A child of the Takahashi family born on {@code birthDate}. */
	public static String childBorn(String birthDate) {
		return """
				{ "name": { "family": "髙橋", "given": "陽向", "familyReading": "タカハシ", "givenReading": "ヒナタ",
				            "latin": "TAKAHASHI Hinata" },
				  "birthDate": "%s", "sex": "female",
				  "address": { "country": "JP", "postalCode": "100-0001", "region": "東京都", "locality": "千代田区",
				               "streetAddress": "千代田1-%d" },
				  "evidence": [ { "type": "my-number-card", "method": "in-person", "verifiedBy": "operator-17" } ] }"""
			.formatted(birthDate, STREET.incrementAndGet());
	}

}
