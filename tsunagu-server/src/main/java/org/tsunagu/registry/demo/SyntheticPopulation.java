package org.tsunagu.registry.demo;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Generates residents as JSON Lines for the bulk import: Japanese names including rare characters (髙, 﨑, 𠮷,
 * 齋) and ideographic variation sequences (葛 and 辻 with U+E0100), readings and Latin forms, addresses across
 * Japan, and identity evidence at every level of assurance. The same seed gives the same people.
 */
public final class SyntheticPopulation {

	private static final String[][] FAMILY = { { "佐藤", "サトウ", "SATO" }, { "鈴木", "スズキ", "SUZUKI" },
			{ "高橋", "タカハシ", "TAKAHASHI" }, { "髙橋", "タカハシ", "TAKAHASHI" }, { "田中", "タナカ", "TANAKA" },
			{ "渡辺", "ワタナベ", "WATANABE" }, { "渡邊", "ワタナベ", "WATANABE" }, { "渡邉\uDB40\uDD02", "ワタナベ", "WATANABE" },
			{ "伊藤", "イトウ", "ITO" }, { "山本", "ヤマモト", "YAMAMOTO" }, { "中村", "ナカムラ", "NAKAMURA" },
			{ "小林", "コバヤシ", "KOBAYASHI" }, { "加藤", "カトウ", "KATO" }, { "吉田", "ヨシダ", "YOSHIDA" },
			{ "\uD842\uDFB7田", "ヨシダ", "YOSHIDA" }, { "山田", "ヤマダ", "YAMADA" }, { "佐々木", "ササキ", "SASAKI" },
			{ "山口", "ヤマグチ", "YAMAGUCHI" }, { "松本", "マツモト", "MATSUMOTO" }, { "井上", "イノウエ", "INOUE" },
			{ "斎藤", "サイトウ", "SAITO" }, { "齋藤", "サイトウ", "SAITO" }, { "山﨑", "ヤマザキ", "YAMAZAKI" },
			{ "辻\uDB40\uDD00", "ツジ", "TSUJI" }, { "葛\uDB40\uDD00西", "カサイ", "KASAI" }, { "木村", "キムラ", "KIMURA" } };

	private static final String[][] GIVEN = { { "葛\uDB40\uDD00子", "カツコ", "Katsuko" }, { "太郎", "タロウ", "Taro" },
			{ "花子", "ハナコ", "Hanako" }, { "翔太", "ショウタ", "Shota" }, { "結衣", "ユイ", "Yui" },
			{ "陽菜", "ヒナ", "Hina" }, { "蓮", "レン", "Ren" }, { "大翔", "ヒロト", "Hiroto" }, { "美咲", "ミサキ", "Misaki" },
			{ "健一", "ケンイチ", "Ken'ichi" }, { "恵子", "ケイコ", "Keiko" }, { "裕子", "ユウコ", "Yuko" },
			{ "隆", "タカシ", "Takashi" }, { "直子", "ナオコ", "Naoko" }, { "悠真", "ユウマ", "Yuma" },
			{ "さくら", "サクラ", "Sakura" }, { "凜", "リン", "Rin" }, { "彌生", "ヤヨイ", "Yayoi" },
			{ "𠀋一", "ジョウイチ", "Joichi" }, { "浩二", "コウジ", "Koji" } };

	private static final String[][] PLACES = { { "100-0001", "東京都", "千代田区", "千代田" },
			{ "160-0022", "東京都", "新宿区", "新宿" }, { "530-0001", "大阪府", "大阪市北区", "梅田" },
			{ "060-0001", "北海道", "札幌市中央区", "北一条西" }, { "812-0011", "福岡県", "福岡市博多区", "博多駅前" },
			{ "460-0001", "愛知県", "名古屋市中区", "三の丸" }, { "604-8571", "京都府", "京都市中京区", "寺町通御池上る上本能寺前町" },
			{ "900-0015", "沖縄県", "那覇市", "久茂地" }, { "980-0811", "宮城県", "仙台市青葉区", "一番町" } };

	private static final String[][] EVIDENCE = { { "my-number-card", "chip-read" }, { "passport", "in-person" },
			{ "drivers-licence", "in-person" }, { "residence-card", "remote-video" }, { "utility-bill", "self-declared" } };

	private final SplittableRandom random;

	private final String referencePrefix;

	private long next;

	public SyntheticPopulation(long seed, String referencePrefix) {
		this.random = new SplittableRandom(seed);
		this.referencePrefix = referencePrefix;
	}

	/** The next resident as one line of JSON, without a line end. */
	public String nextLine() {
		long n = ++this.next;
		String[] family = pick(FAMILY);
		String[] given = pick(GIVEN);
		String[] place = pick(PLACES);
		String[] evidence = EVIDENCE[this.random.nextInt(10) < 7 ? this.random.nextInt(2) : this.random.nextInt(EVIDENCE.length)];
		LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(this.random.nextInt(34_000));
		String street = place[3] + (1 + this.random.nextInt(9)) + "-" + (1 + this.random.nextInt(30)) + "-"
				+ (1 + this.random.nextInt(40));
		String sex = switch (this.random.nextInt(3)) {
			case 0 -> "female";
			case 1 -> "male";
			default -> "other";
		};
		return "{\"externalReference\":\"" + this.referencePrefix + n + "\",\"name\":{\"family\":\"" + family[0]
				+ "\",\"given\":\"" + given[0] + "\",\"familyReading\":\"" + family[1] + "\",\"givenReading\":\""
				+ given[1] + "\",\"latin\":\"" + family[2] + " " + given[2] + "\"},\"birthDate\":\"" + birth
				+ "\",\"sex\":\"" + sex + "\",\"address\":{\"country\":\"JP\",\"postalCode\":\"" + place[0]
				+ "\",\"region\":\"" + place[1] + "\",\"locality\":\"" + place[2] + "\",\"streetAddress\":\"" + street
				+ "\"},\"evidence\":[{\"type\":\"" + evidence[0] + "\",\"method\":\"" + evidence[1]
				+ "\",\"verifiedBy\":\"demo-municipality\"}]}";
	}

	private String[] pick(String[][] choices) {
		return choices[this.random.nextInt(choices.length)];
	}

}
