package org.tsunagu.fuzz;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Fuzz target: the transparency log's public reads as monitors and wallets send them (C2SP tlog-tiles): hash tiles
 * and entry bundles by path ({@code /log/tile/<L>/<N>[.p/<W>]}, {@code /log/tile/entries/...}), and inclusion and
 * consistency proofs by tree sizes. The first byte chooses the read, the rest is its path or its parameters (two
 * numbers, or text). Its rule (besides {@link FuzzServer}'s): the tile, the proof, or 400/404 problem+json.
 */
public final class LogFuzzTarget {

	private LogFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		FuzzServer.get();
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		FuzzServer server = FuzzServer.get();
		String rest = escape(new String(Arrays.copyOfRange(data, 1, data.length), StandardCharsets.UTF_8));
		String[] two = rest.split("&", 2);
		String path = switch ((data[0] & 0xff) % 5) {
			case 0 -> "/log/tile/" + rest;
			case 1 -> "/log/tile/entries/" + rest;
			case 2 -> "/log/proof/inclusion?index=" + two[0] + "&size=" + (two.length > 1 ? two[1] : "");
			case 3 -> "/log/proof/consistency?from=" + two[0] + "&to=" + (two.length > 1 ? two[1] : "");
			default -> "/log/checkpoint?" + rest;
		};
		FuzzBounds.check(() -> {
			HttpResponse<String> answer = server.send(server.request(path).GET(), Set.of());
			int status = answer.statusCode();
			if (status != 200 && status != 400 && status != 404) {
				throw new FuzzBounds.FuzzFinding("HTTP " + status + " for " + path);
			}
		});
	}

	/** The text as a URI may carry it: unreserved characters and '/' kept (the tiles' paths), the rest escaped. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/&".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return out.toString();
	}

}
