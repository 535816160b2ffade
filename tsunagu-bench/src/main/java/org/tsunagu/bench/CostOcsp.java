package org.tsunagu.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OCSP answers with a nonce for {@link CostLoad} (RFC 6960, RFC 9654): each request for one of twenty cards'
 * certificates with a fresh nonce, so that every answer is parsed, looked up and signed anew.
 */
final class CostOcsp {

	private CostOcsp() {
	}

	static List<CostLoad.Round> measure(ServerProcess server, CostLoad.Measured measured, int rounds, int warmUp,
			int seconds, Path dir) throws Exception {
		List<CostLoad.Round> results = new ArrayList<>();
		HttpClient http = HttpClient.newHttpClient();
		List<String> serials = PkiLoad.issueCards(http, server.base(), server.token(), 10);
		java.security.cert.X509Certificate issuer = PkiLoad.certificate(http, server.base() + "/pki/ca/card-ca-1.crt");
		double ocspRate = 5000;
		for (int r = 0; r <= rounds; r++) {
			int length = r == 0 ? warmUp : seconds;
			int count = (int) Math.max(20_000, ocspRate * length * 2);
			CostLoad.Round round;
			while (true) {
				List<String[]> requests = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					requests.add(new String[] { "POST", "Content-Type: application/ocsp-request",
							"hex:" + java.util.HexFormat.of().formatHex(PkiLoad.ocspRequest(issuer, serials.get(i % serials.size()), true)) });
				}
				round = CostLoad.measure("ocsp_nonce", measured, server.base() + "/pki/ocsp", length,
						Wrk.requests(dir, "ocsp", requests), dir);
				if (round.load().requests() < count - CostLoad.CONNECTIONS) {
					break;
				}
				count *= 2;
			}
			ocspRate = round.load().requests() / round.load().seconds();
			if (r > 0) {
				round.report();
				results.add(round);
			}
		}
		return results;
	}

}
