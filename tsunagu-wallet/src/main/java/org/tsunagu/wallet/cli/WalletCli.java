package org.tsunagu.wallet.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.tsunagu.wallet.WalletException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tsunagu-wallet <command> --card-dir DIR ...}: the resident's software card on the command line. This class
 * reads the command line and hands each command to the class that does it; what the commands share (the terminal,
 * PINs, HTTP, JSON and the card's server) is in {@link CommandContext}.
 *
 * <pre>
 * init | request-certificates | csr | install | renew | show | unlock | sign   the card itself ({@link CardCommands})
 * approve                                                 a sign-in page's code ({@link SignInCommands})
 * present --challenge C                                   a clinic's eligibility challenge ({@link EligibilityCommands})
 * history | log-monitor | check-proof                     the transparency log ({@link LogCommands})
 * offer                                                   an offer for any OpenID4VCI wallet ({@link CredentialOfferCommands})
 * receive OFFER | list | present REQUEST | delete        credentials in the wallet ({@link CredentialCommands})
 * mandate | mandate-sign | delegations | mandate-end      acting for someone else ({@link DelegationCommands})
 * </pre>
 */
public final class WalletCli {

	private WalletCli() {
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		System.exit(run(args, System.in, out, System.console()));
	}

	/** Runs one command; answers the exit code (0 done, 1 failed, 2 usage). */
	public static int run(String[] args, InputStream in, PrintStream out, Console console) {
		CommandContext context = new CommandContext(out, new PinReader(console, in, out), HttpClient.newHttpClient(),
				JsonMapper.builder().build());
		if (args.length == 0) {
			out.println(usage());
			return 2;
		}
		try {
			Map<String, String> options = new HashMap<>();
			String operand = null;
			for (int i = 1; i < args.length; i++) {
				if (args[i].equals("--all")) {
					options.put("all", "true");
				}
				else if (args[i].startsWith("--") && i + 1 < args.length) {
					options.put(args[i].substring(2), args[++i]);
				}
				else {
					operand = args[i];
				}
			}
			return dispatch(args[0], options, operand, context);
		}
		catch (UsageException ex) {
			out.println(ex.getMessage());
			out.println(usage());
			return 2;
		}
		catch (WalletException ex) {
			out.println("error: " + ex.getMessage());
			return 1;
		}
	}

	private static int dispatch(String command, Map<String, String> options, String operand, CommandContext context) {
		if (command.equals("log-monitor")) {
			new LogCommands(context).monitor(required(options, "server"), Path.of(required(options, "state")));
			return 0;
		}
		if (command.equals("check-proof")) {
			new LogCommands(context).checkProof(Path.of(operand == null ? required(options, "file") : operand),
					options.get("server"), options.get("log-key"));
			return 0;
		}
		Path dir = Path.of(required(options, "card-dir"));
		CardCommands card = new CardCommands(context);
		CredentialCommands credentials = new CredentialCommands(context, Clock.systemUTC());
		DelegationCommands delegations = new DelegationCommands(context);
		switch (command) {
			case "init" -> {
				if (options.containsKey("pkcs11-library")) {
					card.initInToken(dir, Path.of(options.get("pkcs11-library")),
							Long.parseLong(required(options, "pkcs11-slot")));
				}
				else {
					card.init(dir);
				}
			}
			case "request-certificates" -> card.requestCertificates(dir, required(options, "server"),
					required(options, "resident"), Path.of(required(options, "operator-token")));
			case "sign" -> card.sign(dir, Path.of(operand == null ? required(options, "file") : operand));
			case "show" -> card.show(dir);
			case "approve" -> new SignInCommands(context).approve(dir, options.get("server"), required(options, "code"));
			case "history" -> new LogCommands(context).history(dir, options.get("server"));
			case "csr" -> card.csr(dir);
			case "install" -> card.install(dir, Path.of(operand == null ? required(options, "file") : operand));
			case "renew" -> card.renew(dir, options.get("server"));
			case "present" -> {
				if (options.containsKey("challenge")) {
					new EligibilityCommands(context).present(dir, options.get("challenge"), options.get("consent"));
				}
				else {
					credentials.present(dir, operand);
				}
			}
			case "unlock" -> card.unlock(dir, required(options, "slot"), required(options, "code"));
			case "offer" -> new CredentialOfferCommands(context).offer(dir, options.get("server"), required(options, "credential"));
			case "receive" -> credentials.receive(dir, operand, options.get("copies"));
			case "list" -> credentials.list(dir);
			case "delete" -> credentials.delete(dir, options.get("credential"), options.containsKey("all"));
			case "mandate" -> delegations.give(dir, options.get("server"), options.get("proxy-number"),
					options.get("proxy-birth-date"), options.get("services"), options.get("claims"), options.get("until"));
			case "mandate-sign" -> delegations.sign(dir, options.get("server"), options.get("mandate"));
			case "delegations" -> delegations.list(dir, options.get("server"));
			case "mandate-end" -> delegations.end(dir, options.get("server"), options.get("delegation"));
			default -> {
				context.out().println(usage());
				return 2;
			}
		}
		return 0;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new UsageException("--" + name + " is required");
		}
		return value;
	}

	static String usage() {
		return """
				usage: tsunagu-wallet <command> --card-dir DIR [options]   (log-monitor needs no card)
				  init                                   create a card (PINs: authentication, then signing)
				  init --pkcs11-library LIB --pkcs11-slot N   keys in a PKCS#11 token instead (PIN: the token's)
				  request-certificates --server URL --resident ID --operator-token FILE
				  sign FILE                              write FILE.p7s, a detached CMS signature
				  show                                   certificates, OCSP status, expiry, PIN tries left
				  unlock --slot auth|sign --code CODE    redeem an operator's PIN reset code
				  approve --code CODE [--server URL]     approve a sign-in page's code with the authentication key
				  log-monitor --server URL --state FILE  check the log's checkpoint only grew since the last run
				  history [--server URL]                 who used my data: the log's entries about you, each proof checked
				  present --challenge C [--consent medicationHistory,checkupHistory]
				                                         sign a clinic's eligibility challenge, with what you agree to
				                                         share with the clinic; prints the presentation
				  csr                                    print the card's two certificate requests (for issuance at a counter)
				  install FILE                           store the certificates of a card issued at a counter
				  renew [--server URL]                   new keys and certificates, from 3 months before expiry
				  offer --credential ID[,ID] [--server URL]   a credential offer for any OpenID4VCI wallet, made with
				                                         the card (tsunagu_pid, tsunagu_age); prints its transaction
				                                         code, then the openid-credential-offer:// URI
				  receive OFFER [--copies N]             take an offer's credentials: N one-time copies (3; at most 10)
				  list                                   credentials kept: copies left, expiry, status, claims' names
				  present REQUEST                        answer an openid4vp:// request with the fewest disclosures
				  delete --credential ID | --all         delete every copy of a credential, or every credential
				  check-proof FILE --server URL|--log-key VKEY   check a proof downloaded from the resident pages (no card)
				  mandate --proxy-birth-date YYYY-MM-DD --services ID[,ID] --claims C[,C] --until YYYY-MM-DD
				          [--server URL]                 give another adult a mandate to act for you at those services:
				                                         asks the proxy's individual number (never on the command
				                                         line), shows the document, then signs it (signing PIN)
				  mandate-sign --mandate ID [--server URL]   sign a mandate drafted in the account pages (signing PIN)
				  delegations [--server URL]             who may act for you, for whom you may act, services that
				                                         accept proxies
				  mandate-end --delegation ID [--server URL]   withdraw a mandate you gave, or step down from one you hold
				PINs are asked on the terminal, or read one per line from standard input.""";
	}

	/** A command line that does not make sense. */
	static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}

	}

}
