import Testing
import TicketflowCore

/// The one backoff rule and the one deadline helper that job retries, LLM calls,
/// the embeddings probe and the PostgreSQL pool share.
struct RetryBackoffTests {
    @Test func exponentialDelayDoublesUpToTheCap() {
        let backoff = RetryBackoff(baseSeconds: 5, maximumSeconds: 300, jitter: 0)
        let delays = (1...8).map { backoff.delay(afterAttempt: $0, unitRandom: 0.9) }
        #expect(delays == [5, 10, 20, 40, 80, 160, 300, 300])
    }

    @Test func equalJitterWaitsAtLeastHalfTheDelay() {
        let backoff = RetryBackoff(baseSeconds: 2, maximumSeconds: 10)
        #expect(backoff.equalJitterDelay(afterAttempt: 1, unitRandom: 0) == 1)
        #expect(backoff.equalJitterDelay(afterAttempt: 1, unitRandom: 1) == 2)
        #expect(backoff.equalJitterDelay(afterAttempt: 3, unitRandom: 0.5) == 6)
        #expect(backoff.equalJitterDelay(afterAttempt: 9, unitRandom: 0) == 5)
    }

    struct TooSlow: Error, Equatable {}

    @Test func deadlineThrowsTheGivenErrorAndCancelsTheWork() async throws {
        await #expect(throws: TooSlow()) {
            try await withDeadline(seconds: 0.05, orThrow: TooSlow()) {
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        let value = try await withDeadline(seconds: 30, orThrow: TooSlow()) { 42 }
        #expect(value == 42)
    }
}
