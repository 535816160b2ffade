package org.tsunagu.wallet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoftwareCardTest {

	@TempDir
	Path dir;

	@Test
	void createWhenPinsBreakTheRulesThenRefusedAndNothingWritten() {
		assertThatThrownBy(() -> SoftwareCard.create(this.dir, "123".toCharArray(), "abcdef12".toCharArray()))
			.isInstanceOf(WalletException.class)
			.hasMessageContaining("4 digits");
		assertThatThrownBy(() -> SoftwareCard.create(this.dir, "1234".toCharArray(), "abc".toCharArray()))
			.hasMessageContaining("6 to 16");
		assertThatThrownBy(() -> SoftwareCard.create(this.dir, "1234".toCharArray(), "abc-def-12".toCharArray()))
			.hasMessageContaining("letters and digits");
		assertThat(this.dir.resolve("auth.key")).doesNotExist();
	}

	@Test
	void unlockWhenRightPinThenKeyPairMatchesAndKeysAreOwnerOnlyAtRest() throws Exception {
		SoftwareCard card = SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray());
		var pair = card.unlock(Slot.SIGNING, "Sign2026".toCharArray());
		assertThat(pair.getPublic()).isEqualTo(card.publicKey(Slot.SIGNING));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("sign.key"))))
			.isEqualTo("rw-------");
		java.util.HexFormat hex = java.util.HexFormat.of();
		assertThat(hex.formatHex(Files.readAllBytes(this.dir.resolve("sign.key"))))
			.doesNotContain(hex.formatHex(pair.getPrivate().getEncoded()).substring(60));
	}

	@Test
	void unlockWhenWrongPinThreeTimesThenLockedEvenAfterReopeningAndRightPinRefused() {
		SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray());
		for (int left = 2; left >= 0; left--) {
			SoftwareCard card = SoftwareCard.open(this.dir);
			assertThatThrownBy(() -> card.unlock(Slot.AUTHENTICATION, "9999".toCharArray()))
				.hasMessageContaining("Wrong PIN");
			assertThat(SoftwareCard.open(this.dir).remainingTries(Slot.AUTHENTICATION)).isEqualTo(left);
		}
		assertThatThrownBy(() -> SoftwareCard.open(this.dir).unlock(Slot.AUTHENTICATION, "1234".toCharArray()))
			.hasMessageContaining("locked");
		SoftwareCard.open(this.dir).resetTries(Slot.AUTHENTICATION);
		assertThat(SoftwareCard.open(this.dir).unlock(Slot.AUTHENTICATION, "1234".toCharArray())).isNotNull();
		assertThat(SoftwareCard.open(this.dir).remainingTries(Slot.AUTHENTICATION)).isEqualTo(3);
	}

	@Test
	void unlockWhenRightPinAfterWrongOneThenCounterRestored() {
		SoftwareCard card = SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray());
		assertThatThrownBy(() -> card.unlock(Slot.SIGNING, "Wrong123".toCharArray())).hasMessageContaining("4 tries left");
		card.unlock(Slot.SIGNING, "Sign2026".toCharArray());
		assertThat(card.remainingTries(Slot.SIGNING)).isEqualTo(5);
	}

	@Test
	void createWhenCardExistsThenRefused() {
		SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray());
		assertThatThrownBy(() -> SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray()))
			.hasMessageContaining("exists");
	}


	@Test
	void openWithPinWhenSealedWithTheAuthenticationPinThenTheKeyAndAWrongPinCountsATry() throws Exception {
		SoftwareCard card = SoftwareCard.create(this.dir, "1234".toCharArray(), "Sign2026".toCharArray());
		java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
		generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
		java.security.PrivateKey holder = generator.generateKeyPair().getPrivate();
		byte[] sealed = card.sealWithPin(Slot.AUTHENTICATION, "1234".toCharArray(), java.util.List.of(holder)).get(0);
		assertThat(card.openWithPin(Slot.AUTHENTICATION, "1234".toCharArray(), sealed).getEncoded()).isEqualTo(holder.getEncoded());
		assertThatThrownBy(() -> card.openWithPin(Slot.AUTHENTICATION, "9999".toCharArray(), sealed)).hasMessageContaining("Wrong PIN");
		assertThat(card.remainingTries(Slot.AUTHENTICATION)).isEqualTo(2);
		assertThatThrownBy(() -> card.sealWithPin(Slot.AUTHENTICATION, "9999".toCharArray(), java.util.List.of(holder)))
			.hasMessageContaining("Wrong PIN");
	}

}
