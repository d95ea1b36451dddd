import Foundation
import TicketflowText

/// A sparse feature vector: column indices with their weights.
public struct SparseVector: Sendable, Equatable {
    /// Column of each non-zero entry, in order of first occurrence in the text.
    public var indices: [Int32]
    /// Weight of each entry.
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }

    /// Squared Euclidean norm.
    public var squaredNorm: Float { values.reduce(0) { $0 + $1 * $1 } }
}

/// The buckets seen in training, each given a dense column and an inverse
/// document frequency. Buckets never seen in training are dropped at
/// prediction time (they carry no learned weight), and keeping only seen
/// buckets makes the weight matrix small enough to load fast.
public struct FeatureSpace: Sendable {
    /// The n-gram configuration.
    public let config: FeatureConfig
    /// Bucket that each column stands for.
    public let columnBuckets: [UInt32]
    /// Smoothed IDF of each column: ln((1 + n) / (1 + df)) + 1.
    public let idf: [Float]
    /// Bucket → column for buckets seen in training.
    private let bucketToColumn: BucketTable
    private let hasher: FeatureHasher
    private let normalizer = TextNormalizer()

    /// Rebuilds a space from stored columns (model loading).
    public init(config: FeatureConfig, columnBuckets: [UInt32], idf: [Float]) {
        self.config = config
        self.columnBuckets = columnBuckets
        self.idf = idf
        self.hasher = FeatureHasher(config: config)
        self.bucketToColumn = BucketTable(buckets: columnBuckets)
    }

    /// Learns columns and IDF from training texts; returns the space and the
    /// hashed features of every text, so training does not hash twice.
    public static func learn(texts: [String], config: FeatureConfig) -> (FeatureSpace, [HashedFeatures]) {
        let hasher = FeatureHasher(config: config)
        let normalizer = TextNormalizer()
        let hashed = ParallelMap.map(texts) { hasher.features(of: normalizer.normalize($0)) }
        var documentFrequency = [Int32](repeating: 0, count: hasher.bucketCount)
        var firstSeen: [UInt32] = []
        var lastDocument = [Int32](repeating: -1, count: hasher.bucketCount)
        for (document, features) in hashed.enumerated() {
            for bucket in features.wordBuckets + features.charBuckets where lastDocument[Int(bucket)] != Int32(document)
            {
                if documentFrequency[Int(bucket)] == 0 { firstSeen.append(bucket) }
                lastDocument[Int(bucket)] = Int32(document)
                documentFrequency[Int(bucket)] += 1
            }
        }
        let n = Float(texts.count)
        let idf = firstSeen.map { log((1 + n) / (1 + Float(documentFrequency[Int($0)]))) + 1 }
        return (FeatureSpace(config: config, columnBuckets: firstSeen, idf: idf), hashed)
    }

    /// Number of columns.
    public var columnCount: Int { columnBuckets.count }

    /// Bytes held by the bucket-to-column table.
    public var tableBytes: Int { bucketToColumn.memoryBytes }

    /// Hashes, weights and normalises one text.
    public func vector(for text: String) -> SparseVector {
        vector(for: hasher.features(of: normalizer.normalize(text)))
    }

    /// Weights an already-normalised text (lets callers normalise once for several models).
    public func vector(for text: NormalizedText) -> SparseVector {
        vector(for: hasher.features(of: text))
    }

    /// The column a bucket was given in training, or nil when training never saw it (for explanations).
    func column(of bucket: UInt32) -> Int? {
        let column = bucketToColumn.column(of: bucket)
        return column < 0 ? nil : Int(column)
    }

    /// Every feature of a normalised text with where it comes from (for explanations).
    func visitFeatures(of text: NormalizedText, _ visit: (FeatureOrigin, UInt32) -> Void) {
        hasher.visitFeatures(of: text, visit)
    }

    /// Normalises a text the way `vector(for:)` does.
    func normalize(_ text: String) -> NormalizedText { normalizer.normalize(text) }

    /// Hashes a normalised text (share the result between models with the same config).
    public func features(of text: NormalizedText) -> HashedFeatures {
        hasher.features(of: text)
    }

    /// TF-IDF with sublinear tf (1 + ln tf), each block L2-normalised.
    public func vector(for features: HashedFeatures) -> SparseVector {
        var vector = SparseVector()
        vector.indices.reserveCapacity(features.wordBuckets.count + features.charBuckets.count)
        vector.values.reserveCapacity(features.wordBuckets.count + features.charBuckets.count)
        appendBlock(features.wordBuckets, to: &vector)
        appendBlock(features.charBuckets, to: &vector)
        return vector
    }

    /// Counts repeats with a small open-addressing table instead of sorting:
    /// a text has a few hundred n-grams, and hashing them is linear.
    private func appendBlock(_ buckets: [UInt32], to vector: inout SparseVector) {
        guard !buckets.isEmpty else { return }
        var capacity = 16
        while capacity < buckets.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        let start = vector.values.count
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: capacity) { table in
            // Each slot packs column (high 32 bits) and count (low 32 bits); -1 = empty.
            table.initialize(repeating: -1)
            for bucket in buckets {
                let column = bucketToColumn.column(of: bucket)
                guard column >= 0 else { continue }
                var slot = Int(BucketTable.spread(UInt32(bitPattern: column))) & mask
                while true {
                    let entry = table[slot]
                    if entry == -1 {
                        table[slot] = Int64(column) << 32 | 1
                        vector.indices.append(column)
                        break
                    }
                    if Int32(truncatingIfNeeded: entry >> 32) == column {
                        table[slot] = entry + 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            var squared: Float = 0
            for position in start..<vector.indices.count {
                let column = vector.indices[position]
                var slot = Int(BucketTable.spread(UInt32(bitPattern: column))) & mask
                while Int32(truncatingIfNeeded: table[slot] >> 32) != column { slot = (slot + 1) & mask }
                let count = Float(Int32(truncatingIfNeeded: table[slot] & 0xFFFF_FFFF))
                let weight = (1 + log(count)) * idf[Int(column)]
                vector.values.append(weight)
                squared += weight * weight
            }
            guard squared > 0 else { return }
            let scale = 1 / squared.squareRoot()
            for i in start..<vector.values.count { vector.values[i] *= scale }
        }
    }
}

/// Open-addressing map from bucket to column, sized to the columns actually
/// used: a dense 2^20 table would be 4 MB and miss the cache on nearly every
/// feature, this one stays small enough to live in L2.
struct BucketTable: Sendable {
    private let keys: [UInt32]
    private let columns: [Int32]
    private let mask: Int
    static let empty = UInt32.max

    init(buckets: [UInt32]) {
        var capacity = 16
        while capacity < buckets.count * 2 { capacity <<= 1 }
        var keys = [UInt32](repeating: Self.empty, count: capacity)
        var columns = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (column, bucket) in buckets.enumerated() {
            var slot = Int(Self.spread(bucket)) & mask
            while keys[slot] != Self.empty && keys[slot] != bucket { slot = (slot + 1) & mask }
            keys[slot] = bucket
            columns[slot] = Int32(column)
        }
        self.keys = keys
        self.columns = columns
        self.mask = mask
    }

    /// Buckets are already hashed, but their low bits were the table index of
    /// the hashing space; mixing again keeps probe runs short.
    @inline(__always) static func spread(_ bucket: UInt32) -> UInt32 {
        (bucket &* 0x9E37_79B1) >> 7 ^ bucket
    }

    /// Column of a bucket, or -1 when it was never seen in training.
    @inline(__always) func column(of bucket: UInt32) -> Int32 {
        var slot = Int(Self.spread(bucket)) & mask
        while true {
            let key = keys[slot]
            if key == bucket { return columns[slot] }
            if key == Self.empty { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// Bytes held.
    var memoryBytes: Int { keys.count * 8 }
}

/// Spreads independent work over the machine's cores, keeping result order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64))
        if workers == 1 { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let chunk = (items.count + workers - 1) / workers
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(items.count, (worker + 1) * chunk)
            for index in range { output[index] = transform(items[index]) }
        }
        return results.map { $0! }
    }
}
