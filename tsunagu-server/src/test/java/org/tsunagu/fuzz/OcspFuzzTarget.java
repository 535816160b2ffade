package org.tsunagu.fuzz;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Fuzz target: OCSP requests (RFC 6960) to the responder, posted as {@code application/ocsp-request} or sent in the
 * GET form, as any relying party's client would. Its rule (besides {@link FuzzServer}'s): an OCSP response
 * ({@code application/ocsp-response}, 200, e.g. malformedRequest or unauthorized) or a problem answer below 500.
 */
public final class OcspFuzzTarget {

	private OcspFuzzTarget() {
	}

	public static void fuzzerInitialize() {
		FuzzServer.get();
	}

	public static void fuzzerTestOneInput(byte[] data) throws Exception {
		if (data.length == 0) {
			return;
		}
		FuzzServer server = FuzzServer.get();
		byte[] der = Arrays.copyOfRange(data, 1, data.length);
		FuzzBounds.check(() -> {
			HttpRequest.Builder request;
			if ((data[0] & 1) == 0) {
				request = server.request("/pki/ocsp")
					.header("Content-Type", "application/ocsp-request")
					.POST(HttpRequest.BodyPublishers.ofByteArray(der));
			}
			else {
				String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.UTF_8);
				request = server.request("/pki/ocsp/" + encoded).GET();
			}
			HttpResponse<String> answer = server.send(request, Set.of());
			String type = answer.headers().firstValue("Content-Type").orElse("");
			if (answer.statusCode() == 200 && !type.startsWith("application/ocsp-response")) {
				throw new FuzzBounds.FuzzFinding("a 200 answer that is not an OCSP response: " + type);
			}
		});
	}

}
