package io.jenkins.plugins.ecrpipeline.cleanup;

import io.jenkins.plugins.ecrpipeline.Retrying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which failures are called again, how often, and how they are counted. */
class RetryingTest {
    private static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void throttlingServerErrorsAndBrokenConnectionsPassRefusalsDoNot() {
        assertTrue(EcrCleanupBackend.passing(aws(400, "ThrottlingException")));
        assertTrue(EcrCleanupBackend.passing(aws(500, "ServerException")));
        assertTrue(EcrCleanupBackend.passing(aws(503, "ServiceUnavailableException")));
        assertTrue(EcrCleanupBackend.passing(SdkClientException.create("Connection reset")));
        assertFalse(EcrCleanupBackend.passing(aws(400, "AccessDeniedException")));
        assertFalse(EcrCleanupBackend.passing(aws(400, "RepositoryNotFoundException")));
    }

    @Test
    void aPassingFailureIsCalledAgainAndCountedOnce() throws Exception {
        ApiCalls calls = new ApiCalls();
        AtomicInteger attempts = new AtomicInteger();
        String result = new Retrying(6, Duration.ofMillis(1), Duration.ofMillis(5)).call(calls, "DescribeImages", EcrCleanupBackend::passing, () -> {
            if (attempts.incrementAndGet() < 4) {
                throw aws(400, "ThrottlingException");
            }
            return "page";
        });
        assertEquals("page", result);
        assertEquals(1L, calls.byOperation().get("DescribeImages"), "one logical call");
        assertEquals(3, calls.retries());
    }

    @Test
    void aRefusalOrTheLastAttemptGivesUp() {
        ApiCalls calls = new ApiCalls();
        Retrying retrying = new Retrying(3, Duration.ofMillis(1), Duration.ofMillis(5));
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(AwsServiceException.class, () -> retrying.call(calls, "BatchDeleteImage", EcrCleanupBackend::passing, () -> {
            attempts.incrementAndGet();
            throw aws(400, "AccessDeniedException");
        }));
        assertEquals(1, attempts.get());
        assertThrows(AwsServiceException.class, () -> retrying.call(calls, "BatchDeleteImage", EcrCleanupBackend::passing, () -> {
            attempts.incrementAndGet();
            throw aws(500, "ServerException");
        }));
        assertEquals(4, attempts.get(), "three attempts for the server error");
        assertEquals(2, calls.retries());
    }
}
