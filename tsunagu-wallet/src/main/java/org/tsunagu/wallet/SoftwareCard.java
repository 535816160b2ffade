package org.tsunagu.wallet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A software card in a directory: two P-256 key pairs, each sealed under its own PIN ({@link KeyVault}), retry
 * counters that survive restarts (written and synced before each try, so that killing the process mid-try does not
 * give a free try), and the certificates the CA issued ({@code auth.pem}, {@code sign.pem}, {@code chain.pem}).
 * The counters here are advisory against guessing at the keyboard: someone who can rewrite the directory can
 * restore them, which is why the PIN also protects the keys cryptographically; a PKCS#11 token enforces both.
 */
public final class SoftwareCard {

	private final Path dir;

	private SoftwareCard(Path dir) {
		this.dir = dir;
	}

	/**
	 * Creates a card whose keys are generated in a PKCS#11 token; the token's user PIN then guards both keys, and
	 * the token keeps its own retry counter besides the card's.
	 */
	public static SoftwareCard createInToken(Path dir, Path library, long slot, char[] tokenPin) {
		SoftwareCard card = new SoftwareCard(dir);
		try {
			Files.createDirectories(dir);
			if (Files.exists(dir.resolve("auth.key")) || Files.exists(dir.resolve("token.properties"))) {
				throw new WalletException("A card exists in " + dir + " already; choose another directory.");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TokenKeys token = TokenKeys.of(library, slot);
		for (Slot s : Slot.values()) {
			KeyPair pair = token.generate(s, tokenPin);
			card.write(s.file() + ".pub.pem",
					Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
			card.writeTries(s, s.tries());
		}
		card.write("token.properties", ("library=" + library + "\nslot=" + slot + "\n").getBytes(StandardCharsets.US_ASCII));
		return card;
	}

	/** Creates a new card with fresh keys; refuses to overwrite an existing one. */
	public static SoftwareCard create(Path dir, char[] authenticationPin, char[] signingPin) {
		check(Slot.AUTHENTICATION, authenticationPin);
		check(Slot.SIGNING, signingPin);
		SoftwareCard card = new SoftwareCard(dir);
		try {
			Files.createDirectories(dir);
			if (Files.exists(dir.resolve("auth.key"))) {
				throw new WalletException("A card exists in " + dir + " already; choose another directory.");
			}
			card.seal(Slot.AUTHENTICATION, generate(), authenticationPin);
			card.seal(Slot.SIGNING, generate(), signingPin);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return card;
	}

	public static SoftwareCard open(Path dir) {
		if (!Files.exists(dir.resolve("auth.key")) && !Files.exists(dir.resolve("token.properties"))) {
			throw new WalletException("No card in " + dir + ": create one with init --card-dir " + dir + ".");
		}
		return new SoftwareCard(dir);
	}

	public Path dir() {
		return this.dir;
	}

	/**
	 * The slot's key pair, if the PIN is right; counts the try. Tries are serialised by an exclusive lock on the
	 * card's lock file, so that processes running side by side cannot each spend the same counted try.
	 */
	public KeyPair unlock(Slot slot, char[] pin) {
		try (FileChannel lockFile = FileChannel.open(this.dir.resolve(slot.file() + ".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); var lock = lockFile.lock()) {
			return unlockLocked(slot, pin);
		}
		catch (IOException ex) {
			throw new WalletException("The card's PIN counter cannot be locked.", ex);
		}
	}

	private KeyPair unlockLocked(Slot slot, char[] pin) {
		int left = remainingTries(slot);
		if (left <= 0) {
			throw new WalletException("The " + slot.name().toLowerCase() + " PIN is locked after too many wrong tries; "
					+ "ask the municipality for a reset code and run unlock.");
		}
		writeTries(slot, left - 1);
		java.util.Optional<TokenKeys> token = token();
		PrivateKey key = token.isPresent() ? token.get().privateKey(slot, pin)
				: KeyVault.open(read(slot.file() + ".key"), pin);
		if (key == null) {
			int now = left - 1;
			throw new WalletException(now == 0 ? "Wrong PIN. The PIN is now locked."
					: "Wrong PIN. " + now + (now == 1 ? " try" : " tries") + " left.");
		}
		writeTries(slot, slot.tries());
		return new KeyPair(publicKey(slot), key);
	}

	/**
	 * Seals keys that go with the card (the holder keys of credentials in its wallet) under the slot's PIN, as the
	 * card seals its own ({@link KeyVault}), once the PIN is checked as a counted try: so that a key beside the card
	 * is asked for with the card's PIN, and a wrong one spends the card's tries.
	 */
	public List<byte[]> sealWithPin(Slot slot, char[] pin, List<PrivateKey> keys) {
		unlock(slot, pin);
		return keys.stream().map((key) -> KeyVault.seal(key, pin)).toList();
	}

	/** A key sealed by {@link #sealWithPin}, the PIN checked first as a counted try of the slot. */
	public PrivateKey openWithPin(Slot slot, char[] pin, byte[] sealed) {
		unlock(slot, pin);
		PrivateKey key;
		try {
			key = KeyVault.open(sealed, pin);
		}
		catch (java.nio.BufferUnderflowException ex) {
			throw new WalletException("A sealed key beside the card is damaged.", ex);
		}
		if (key == null) {
			throw new WalletException("The key was sealed under another PIN than the card's " + slot.name().toLowerCase()
					+ " PIN; it cannot be opened.");
		}
		return key;
	}

	/** The provider that signs with this card's keys: the token's, or {@code null} for the JDK's defaults. */
	public java.security.Provider provider() {
		return token().map(TokenKeys::provider).orElse(null);
	}

	private java.util.Optional<TokenKeys> token() {
		Path file = this.dir.resolve("token.properties");
		if (!Files.exists(file)) {
			return java.util.Optional.empty();
		}
		java.util.Properties properties = new java.util.Properties();
		try (var in = Files.newInputStream(file)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new WalletException("The card's token settings cannot be read.", ex);
		}
		return java.util.Optional.of(TokenKeys.of(Path.of(properties.getProperty("library")),
				Long.parseLong(properties.getProperty("slot"))));
	}

	public int remainingTries(Slot slot) {
		Path file = this.dir.resolve(slot.file() + ".tries");
		if (!Files.exists(file)) {
			return slot.tries();
		}
		try {
			return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	/** Restores the retry counter after the operator-side reset was redeemed. */
	public void resetTries(Slot slot) {
		writeTries(slot, slot.tries());
	}

	public PublicKey publicKey(Slot slot) {
		return Pem.publicKey(new String(read(slot.file() + ".pub.pem"), StandardCharsets.US_ASCII));
	}

	public Optional<X509Certificate> certificate(Slot slot) {
		Path file = this.dir.resolve(slot.file() + ".pem");
		return Files.exists(file) ? Optional.of(certificates(read(slot.file() + ".pem")).get(0)) : Optional.empty();
	}

	/** The issuing CA and the root, as the CA sent them. */
	public List<X509Certificate> chain() {
		return Files.exists(this.dir.resolve("chain.pem")) ? certificates(read("chain.pem")) : List.of();
	}

	public void store(String name, String text) {
		write(name, text.getBytes(StandardCharsets.UTF_8));
	}

	public Optional<String> text(String name) {
		Path file = this.dir.resolve(name);
		return Files.exists(file) ? Optional.of(new String(read(name), StandardCharsets.UTF_8)) : Optional.empty();
	}

	/**
	 * New keys for both slots, made in memory only: {@link #replaceKeys} puts them on the card once the CA has
	 * certified them, so that a renewal that fails leaves the card as it was. A card whose keys live in a PKCS#11
	 * token is renewed at the token's issuer instead.
	 */
	public Map<Slot, KeyPair> newKeys() {
		if (token().isPresent()) {
			throw new WalletException("This card's keys live in a PKCS#11 token; renew it where the token was issued.");
		}
		Map<Slot, KeyPair> keys = new java.util.EnumMap<>(Slot.class);
		keys.put(Slot.AUTHENTICATION, generate());
		keys.put(Slot.SIGNING, generate());
		return keys;
	}

	private static final String STAGED = "renewal-";

	/**
	 * Keeps new keys beside the current ones, sealed under the card's PINs (checked by the caller), until the CA has
	 * certified them: a renewal interrupted after the CA answered can still be finished with {@link #adoptStaged}.
	 */
	public void stageKeys(Map<Slot, KeyPair> keys, char[] authenticationPin, char[] signingPin) {
		for (Slot slot : Slot.values()) {
			KeyPair pair = keys.get(slot);
			write(STAGED + slot.file() + ".key", KeyVault.seal(pair.getPrivate(), slot == Slot.AUTHENTICATION ? authenticationPin : signingPin));
			write(STAGED + slot.file() + ".pub.pem", Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
		}
	}

	/** The public key of a staged renewal's slot, if a renewal is waiting. */
	public Optional<PublicKey> stagedKey(Slot slot) {
		Path file = this.dir.resolve(STAGED + slot.file() + ".pub.pem");
		return Files.exists(file) ? Optional.of(Pem.publicKey(new String(read(STAGED + slot.file() + ".pub.pem"), StandardCharsets.US_ASCII)))
				: Optional.empty();
	}

	/** Puts the staged keys in place of the current ones (each file atomically; running it again finishes it). */
	public void adoptStaged() {
		for (Slot slot : Slot.values()) {
			for (String suffix : new String[] { ".key", ".pub.pem" }) {
				Path staged = this.dir.resolve(STAGED + slot.file() + suffix);
				if (Files.exists(staged)) {
					write(slot.file() + suffix, read(STAGED + slot.file() + suffix));
				}
			}
			writeTries(slot, slot.tries());
		}
		discardStaged();
	}

	/** Forgets a staged renewal the CA refused. */
	public void discardStaged() {
		try {
			for (Slot slot : Slot.values()) {
				Files.deleteIfExists(this.dir.resolve(STAGED + slot.file() + ".key"));
				Files.deleteIfExists(this.dir.resolve(STAGED + slot.file() + ".pub.pem"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove the staged keys", ex);
		}
	}

	private void seal(Slot slot, KeyPair pair, char[] pin) {
		write(slot.file() + ".key", KeyVault.seal(pair.getPrivate(), pin));
		write(slot.file() + ".pub.pem", Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
		writeTries(slot, slot.tries());
	}

	private static void check(Slot slot, char[] pin) {
		if (pin == null || !slot.acceptable(pin)) {
			throw new WalletException("The " + slot.name().toLowerCase() + " PIN must be " + slot.rule() + ".");
		}
	}

	private static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void writeTries(Slot slot, int tries) {
		write(slot.file() + ".tries", Integer.toString(tries).getBytes(StandardCharsets.US_ASCII));
	}

	private byte[] read(String name) {
		return CardFiles.read(this.dir, name);
	}

	private void write(String name, byte[] bytes) {
		CardFiles.write(this.dir, name, bytes);
	}

	static List<X509Certificate> certificates(byte[] pem) {
		try {
			List<X509Certificate> out = new ArrayList<>();
			for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
				out.add((X509Certificate) c);
			}
			return out;
		}
		catch (CertificateException ex) {
			throw new WalletException("A certificate file of the card is damaged.", ex);
		}
	}

}
