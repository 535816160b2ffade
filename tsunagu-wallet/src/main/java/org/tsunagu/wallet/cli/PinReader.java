package org.tsunagu.wallet.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.tsunagu.wallet.WalletException;

/** Asks for PINs on the terminal without echo, or reads them one per line from standard input in scripts. */
final class PinReader {

	private final Console console;

	private final BufferedReader lines;

	private final PrintStream prompts;

	PinReader(Console console, InputStream in, PrintStream prompts) {
		this.console = console;
		this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		this.prompts = prompts;
	}

	char[] read(String prompt) {
		if (this.console != null) {
			char[] pin = this.console.readPassword("%s: ", prompt);
			if (pin == null) {
				throw new WalletException("No PIN was entered.");
			}
			return pin;
		}
		try {
			String line = this.lines.readLine();
			if (line == null) {
				throw new WalletException("Expected a PIN on standard input (" + prompt + ").");
			}
			this.prompts.flush();
			return line.strip().toCharArray();
		}
		catch (IOException ex) {
			throw new WalletException("Cannot read a PIN from standard input.", ex);
		}
	}

}
