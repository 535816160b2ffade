package org.tsunagu.exchange.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends the hub's signed request to a providing agency: {@code POST <endpoint>}, {@code application/jose}. The whole
 * exchange with the provider, connection to last byte, has {@code tsunagu.exchange.provider-timeout} (5 s by
 * default); an answer over 256 KiB is cut off and counts as garbage. Redirects are not followed.
 */
@Component
class ProviderCalls {

	static final int MAX_ANSWER = 256 * 1024;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.followRedirects(HttpClient.Redirect.NEVER)
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final Duration timeout;

	ProviderCalls(@Value("${tsunagu.exchange.provider-timeout:5s}") Duration timeout) {
		this.timeout = timeout;
	}

	/** How long the hub waits for a provider's whole answer. */
	Duration timeout() {
		return this.timeout;
	}

	/** What came back: an answer (any status), or why none did. */
	record Answer(int status, String contentType, String body, String failure) {

		static Answer failed(String failure) {
			return new Answer(0, null, null, failure);
		}

	}

	/** {@code provider-timeout}, {@code provider-unreachable} or {@code provider-answer-too-large} when it fails. */
	Answer post(String endpoint, String jws) {
		try {
			return send(endpoint, jws);
		}
		catch (RuntimeException ex) {
			return Answer.failed("provider-unreachable");
		}
	}

	private Answer send(String endpoint, String jws) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
			.timeout(this.timeout)
			.header("Content-Type", "application/jose")
			.header("Accept", "application/jose")
			.POST(HttpRequest.BodyPublishers.ofString(jws, StandardCharsets.US_ASCII))
			.build();
		CompletableFuture<HttpResponse<byte[]>> sent = this.http.sendAsync(request, (info) -> new Limited(MAX_ANSWER));
		try {
			HttpResponse<byte[]> response = sent.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (response.body() == null) {
				return Answer.failed("provider-answer-too-large");
			}
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					new String(response.body(), StandardCharsets.UTF_8), null);
		}
		catch (TimeoutException ex) {
			sent.cancel(true);
			return Answer.failed("provider-timeout");
		}
		catch (ExecutionException ex) {
			// a connection that could not be made in time is an unreachable provider, not a slow one
			boolean slow = ex.getCause() instanceof HttpTimeoutException
					&& !(ex.getCause() instanceof java.net.http.HttpConnectTimeoutException);
			return Answer.failed(slow ? "provider-timeout" : "provider-unreachable");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.failed("provider-unreachable");
		}
	}

	/** A body of at most {@code limit} bytes; a longer one is cancelled and answers {@code null}. */
	private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final int limit;

		private Flow.Subscription subscription;

		Limited(int limit) {
			this.limit = limit;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			for (ByteBuffer item : items) {
				if (this.bytes.size() + item.remaining() > this.limit) {
					this.subscription.cancel();
					this.result.complete(null);
					return;
				}
				byte[] chunk = new byte[item.remaining()];
				item.get(chunk);
				this.bytes.writeBytes(chunk);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.bytes.toByteArray());
		}

	}

}
