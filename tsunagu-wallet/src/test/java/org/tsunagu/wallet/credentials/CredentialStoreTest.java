package org.tsunagu.wallet.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies kept beside the card: written whole, owner-only, read back, deleted; never shown by toString. */
class CredentialStoreTest {

	@TempDir
	Path card;

	static StoredCredential katsukosAge(Instant expires) {
		return new StoredCredential(null, "tsunagu_age", "Age", TestIssuers.ISSUER, TestIssuers.AGE, expires, Instant.now(),
				List.of("age_over_18", "age_over_20"), "eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJzIiwiYSIsdHJ1ZV0~", new byte[] { 'T', 'S', 'W', '1' });
	}

	@Test
	void addWhenCopiesThenEachInItsOwnFileReadBackSoonestFirst() throws Exception {
		CredentialStore store = CredentialStore.of(this.card);
		Instant later = Instant.parse("2030-01-02T00:00:00Z");
		Instant sooner = Instant.parse("2030-01-01T00:00:00Z");
		List<StoredCredential> kept = store.add(List.of(katsukosAge(later), katsukosAge(sooner)));
		assertThat(kept).allSatisfy((c) -> assertThat(c.file()).exists().hasParent(this.card.resolve("credentials")));
		assertThat(Files.getPosixFilePermissions(kept.get(0).file()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
		List<StoredCredential> read = store.all();
		assertThat(read).extracting(StoredCredential::expiresAt).containsExactly(sooner, later);
		assertThat(read.get(0).sealedHolderKey()).containsExactly('T', 'S', 'W', '1');
		assertThat(read.get(0).claims()).containsExactly("age_over_18", "age_over_20");
		store.remove(List.of(read.get(0)));
		assertThat(store.all()).singleElement().extracting(StoredCredential::expiresAt).isEqualTo(later);
	}

	@Test
	void allWhenAFileIsNotACopyThenItIsLeftOut() throws Exception {
		CredentialStore store = CredentialStore.of(this.card);
		store.add(List.of(katsukosAge(null)));
		Files.writeString(this.card.resolve("credentials/notes.json"), "{\"not\":\"a credential\"}");
		assertThat(store.all()).hasSize(1);
	}

	@Test
	void toStringWhenACopyThenNeitherCredentialNorKey() {
		assertThat(katsukosAge(null).toString()).isEqualTo("StoredCredential[tsunagu_age]").doesNotContain("eyJ");
	}

}
