import Foundation
import Synchronization

/// Token buckets per key (a visitor, a client address): `capacity` requests at once,
/// refilled evenly over a minute. In memory and per node, which is what a flood from
/// one address or visitor needs; a visitor spread over many nodes gets each node's
/// allowance, a bounded factor. Written here because no kept library offers one.
public final class ChatRateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    /// Keys kept at most; idle full buckets are dropped first when it is reached.
    let maximumKeys: Int

    public init(maximumKeys: Int = 100_000) {
        self.maximumKeys = maximumKeys
    }

    /// Takes one token from `key`'s bucket of `perMinute`; nil when allowed, else the seconds until one frees.
    public func take(_ key: String, perMinute: Int, at now: Date) -> Int? {
        guard perMinute > 0 else { return 60 }
        let capacity = Double(perMinute)
        let refill = capacity / 60
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * refill)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) / refill).rounded(.up)))
            }
            bucket.tokens -= 1
            if buckets[key] == nil, buckets.count >= maximumKeys {
                Self.prune(&buckets, at: now, maximumKeys: maximumKeys)
            }
            buckets[key] = bucket
            return nil
        }
    }

    /// Drops buckets untouched for a minute (full again, so nothing is forgiven),
    /// then, under a flood of new keys, the oldest half.
    static func prune(_ buckets: inout [String: Bucket], at now: Date, maximumKeys: Int) {
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < 60 }
        if buckets.count * 10 >= 9 * maximumKeys {
            let cutoff = buckets.values.map(\.updated).sorted()[buckets.count / 2]
            buckets = buckets.filter { $0.value.updated >= cutoff }
        }
    }
}
