package org.tsunagu.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.TestApi;
import org.tsunagu.TestApi.Response;
import org.tsunagu.TsunaguTest;
import org.tsunagu.registry.TestResidents;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@TsunaguTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {

	@Autowired
	TestApi api;

	@Autowired
	Environment environment;

	@Test
	void healthWhenRunningThenLivenessAndReadinessWithDatabaseUp() {
		Response liveness = this.api.send(this.api.request("/actuator/health/liveness", null).GET());
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.jsonBody().get("status").asString()).isEqualTo("UP");
		Response readiness = this.api.send(this.api.request("/actuator/health/readiness", null).GET());
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.jsonBody().get("status").asString()).isEqualTo("UP");
		assertThat(readiness.body()).contains("\"db\"");
	}

	@Test
	void prometheusWhenScrapedThenHttpMetricsWithRouteTemplatesOnly() {
		String id = this.api.postJson("/api/v1/residents", TestResidents.katsuko()).jsonBody().get("id").asString();
		this.api.get("/api/v1/residents/" + id);
		Response metrics = this.api.send(this.api.request("/actuator/prometheus", null).GET());
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("http_server_requests_seconds").contains("uri=\"/api/v1/residents/{id}\"")
			.doesNotContain(id);
	}

	@Test
	void openApiWhenFetchedThenEveryEndpointDocumented() {
		JsonNode paths = this.api.send(this.api.request("/v3/api-docs", null).GET()).jsonBody().get("paths");
		assertThat(paths.propertyNames()).contains("/api/v1/residents", "/api/v1/residents/search",
				"/api/v1/residents/{id}", "/api/v1/residents/{id}/history", "/api/v1/residents/{id}/events",
				"/api/v1/residents/{id}/number-reissue", "/api/v1/residents/import", "/api/v1/imports/{id}");
	}

	@Test
	void requestWhenIdGivenThenEchoedLoggedAsJsonAndInProblems(CapturedOutput output) {
		Response response = this.api.send(this.api.request("/api/v1/residents/" + java.util.UUID.randomUUID(),
				this.api.operatorToken()).header("X-Request-Id", "trace-0123456789").GET());
		assertThat(response.header("X-Request-Id")).isEqualTo("trace-0123456789");
		assertThat(response.jsonBody().get("requestId").asString()).isEqualTo("trace-0123456789");
		assertThat(output.getOut()).containsPattern("\\{\"@timestamp\".*\"requestId\":\"trace-0123456789\"");
	}

	@Test
	void requestWhenIdIsHostileThenReplaced() {
		Response response = this.api.send(this.api.request("/actuator/health", null)
			.header("X-Request-Id", "x\"}{injected").GET());
		assertThat(response.header("X-Request-Id")).doesNotContain("injected").hasSize(36);
	}

	@Test
	void requestWhenRefusedBeforeAnyControllerThenStillProblemJson() {
		Response response = this.api.send(this.api.request("/api/v1/residents/%2F..%2Fx", null).GET());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
	}

	@Test
	void shutdownWhenConfiguredThenGraceful() {
		assertThat(this.environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

}
