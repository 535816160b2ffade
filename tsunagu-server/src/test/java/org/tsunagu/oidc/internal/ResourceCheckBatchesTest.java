package org.tsunagu.oidc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.tsunagu.TsunaguTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Proof ids and token liveness answered in batches: each proof id new exactly once, whoever asks and however. */
@TsunaguTest
class ResourceCheckBatchesTest {

	@Autowired
	ResourceCheckBatches batches;

	@Autowired
	ClientAssertions assertions;

	@Test
	void aProofIdSentByManyRequestsAtOnceIsNewForExactlyOneOfThem() throws Exception {
		String key = "thumbprint-" + UUID.randomUUID();
		List<String> jtis = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			jtis.add(UUID.randomUUID().toString());
		}
		Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(32);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int copy = 0; copy < 4; copy++) {
				for (String jti : jtis) {
					sent.add(threads.submit(() -> {
						start.await();
						if (this.batches.firstProofUse(key, jti, Instant.now().plusSeconds(60))) {
							firsts.computeIfAbsent(jti, (k) -> new AtomicInteger()).incrementAndGet();
						}
						return null;
					}));
				}
			}
			start.countDown();
			for (Future<?> f : sent) {
				f.get();
			}
		}
		finally {
			threads.shutdown();
		}
		assertThat(firsts).hasSize(32);
		assertThat(firsts.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
	}

	@Test
	void aProofIdRecordedOneWayIsSpentTheOther() {
		String key = "thumbprint-" + UUID.randomUUID();
		Instant until = Instant.now().plusSeconds(60);
		// as another node, or the token endpoint, records it: in its own statement
		assertThat(this.assertions.firstProofUse(key, "one", until)).isTrue();
		assertThat(this.batches.firstProofUse(key, "one", until)).isFalse();
		assertThat(this.batches.firstProofUse(key, "two", until)).isTrue();
		assertThat(this.assertions.firstProofUse(key, "two", until)).isFalse();
		// the same id for another key is another proof
		assertThat(this.batches.firstProofUse(key + "-other", "one", until)).isTrue();
	}

	@Test
	void aTokenWithNoGrantIsNotLive() {
		assertThat(this.batches.accessTokenLive("eyJ.not.issued")).isFalse();
		assertThat(this.batches.accessTokenLive("")).isFalse();
		assertThat(this.batches.accessTokenLive("x".repeat(16_385))).isFalse();
	}

}
