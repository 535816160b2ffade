package org.tsunagu.merkle;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignedNoteTest {

	/** The golang.org/x/mod sumdb/note example: verifier key, signer seed, text and signed note. */
	static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

	static final String PETER_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

	static final String TEXT = "If you think cryptography is the answer to your problem,\n"
			+ "then you don't know what your problem is.\n";

	static final String NOTE = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

	@Test
	void verifyWhenGoReferenceNoteThenVerifiedAndKeyRoundTrips() {
		NoteKey key = NoteKey.parse(PETER_VKEY);
		assertThat(key.toString()).isEqualTo(PETER_VKEY);
		SignedNote note = SignedNote.parse(NOTE);
		assertThat(note.text()).isEqualTo(TEXT);
		assertThat(note.verify(List.of(key))).containsExactly(key);
		assertThat(note.encode()).isEqualTo(NOTE);
	}

	@Test
	void signWhenGoReferenceSeedThenTheSameNoteByteForByte() {
		byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_SEED), 1, 33);
		SignedNote signed = SignedNote.sign(TEXT, NoteKey.parse(PETER_VKEY), Ed25519Keys.privateKey(seed));
		assertThat(signed.encode()).isEqualTo(NOTE);
	}

	@Test
	void verifyWhenTextChangedOrKeyUnknownOrIdMangledThenRejected() {
		NoteKey key = NoteKey.parse(PETER_VKEY);
		assertThatThrownBy(() -> SignedNote.parse(NOTE.replace("problem,", "problem;")).verify(List.of(key)))
			.isInstanceOf(InvalidNoteException.class)
			.hasMessageContaining("does not verify");
		NoteKey other = NoteKey.parse("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
		assertThatThrownBy(() -> SignedNote.parse(NOTE).verify(List.of(other))).hasMessageContaining("no signature");
		assertThatThrownBy(() -> NoteKey.parse(PETER_VKEY.replace("c74f20a3", "c74f20a4")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void parseWhenMalformedThenRejected() {
		assertThatThrownBy(() -> SignedNote.parse(TEXT)).isInstanceOf(InvalidNoteException.class);
		assertThatThrownBy(() -> SignedNote.parse(TEXT + "\n- PeterNeumann AAAA\n")).isInstanceOf(InvalidNoteException.class);
		assertThatThrownBy(() -> SignedNote.parse("a\u0007b\n\n\u2014 x AAAAAAAA\n")).isInstanceOf(InvalidNoteException.class);
		assertThatThrownBy(() -> SignedNote.parse(NOTE.substring(0, NOTE.length() - 1))).isInstanceOf(InvalidNoteException.class);
	}

	@Test
	void checkpointWhenSpecExampleThenParsesAndFormatsTheSameText() {
		String body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
		Checkpoint checkpoint = Checkpoint.parse(body);
		assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
		assertThat(checkpoint.size()).isEqualTo(20852163L);
		assertThat(checkpoint.body()).isEqualTo(body);
		assertThatThrownBy(() -> Checkpoint.parse("o\n012\n" + body.split("\n")[2] + "\n")).isInstanceOf(InvalidNoteException.class);
		assertThatThrownBy(() -> Checkpoint.parse("o\n12\nAAAA\n")).isInstanceOf(InvalidNoteException.class);
		// nineteen digits that overflow a long (found by fuzzing): refused like any malformed checkpoint
		assertThatThrownBy(() -> Checkpoint.parse("o\n9999999999999999999\n" + body.split("\n")[2] + "\n"))
			.isInstanceOf(InvalidNoteException.class);
	}

	@Test
	void cosignWhenWitnessSignsCheckpointThenVerifiesWithTimeAndTamperingFails() throws Exception {
		KeyPair log = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		KeyPair witness = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		NoteKey logKey = NoteKey.of("tsunagu.example/log", NoteKey.ED25519, log.getPublic());
		NoteKey witnessKey = NoteKey.of("witness.example/w1", NoteKey.COSIGNATURE_V1, witness.getPublic());
		assertThat(NoteKey.parse(witnessKey.toString())).isEqualTo(witnessKey);

		MerkleTree tree = new MerkleTree();
		tree.appendEntry("access by agency 17".getBytes());
		Checkpoint checkpoint = new Checkpoint("tsunagu.example/log", 1, tree.root(1), List.of());
		SignedNote signed = SignedNote.sign(checkpoint.body(), logKey, log.getPrivate());
		Instant time = Instant.ofEpochSecond(1_795_000_000L);
		SignedNote cosigned = SignedNote.parse(signed.with(Cosignatures.cosign(signed, witnessKey, witness.getPrivate(), time)).encode());

		assertThat(cosigned.verify(List.of(logKey))).containsExactly(logKey);
		assertThat(Cosignatures.verify(cosigned, witnessKey)).isEqualTo(time);
		SignedNote.Line line = cosigned.signatures().get(1);
		byte[] later = line.signature().clone();
		later[7] ^= 1;
		SignedNote tampered = new SignedNote(cosigned.text(), List.of(cosigned.signatures().get(0),
				new SignedNote.Line(line.name(), line.keyId(), later)));
		assertThatThrownBy(() -> Cosignatures.verify(tampered, witnessKey)).isInstanceOf(InvalidNoteException.class);
	}

}
