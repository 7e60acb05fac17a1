package io.prdtool.collab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void anEmptyBucketSaysHowLongUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(20, 2);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        // 20 per second: one token every 50 ms
        assertThat(bucket.millisUntilToken()).isBetween(1L, 50L);
    }

    @Test
    void aBucketWithTokensNeedsNoWait() {
        assertThat(new TokenBucket(20, 2).millisUntilToken()).isEqualTo(1L);
    }
}
