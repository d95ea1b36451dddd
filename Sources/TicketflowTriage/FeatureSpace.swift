import Foundation

/// A sparse feature vector: column indices with their weights.
public struct SparseVector: Sendable, Equatable {
    /// Column of each non-zero entry, ascending within each block.
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
    /// Bucket → column, or -1 for buckets unseen in training.
    private let bucketToColumn: [Int32]
    private let hasher: FeatureHasher
    private let normalizer = TextNormalizer()

    /// Rebuilds a space from stored columns (model loading).
    public init(config: FeatureConfig, columnBuckets: [UInt32], idf: [Float]) {
        self.config = config
        self.columnBuckets = columnBuckets
        self.idf = idf
        self.hasher = FeatureHasher(config: config)
        var table = [Int32](repeating: -1, count: 1 << config.bucketBits)
        for (column, bucket) in columnBuckets.enumerated() { table[Int(bucket)] = Int32(column) }
        self.bucketToColumn = table
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
            for bucket in features.wordBuckets + features.charBuckets where lastDocument[Int(bucket)] != Int32(document) {
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

    /// Hashes, weights and normalises one text.
    public func vector(for text: String) -> SparseVector {
        vector(for: hasher.features(of: normalizer.normalize(text)))
    }

    /// Weights an already-normalised text (lets callers normalise once for several models).
    public func vector(for text: NormalizedText) -> SparseVector {
        vector(for: hasher.features(of: text))
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

    private func appendBlock(_ buckets: [UInt32], to vector: inout SparseVector) {
        var columns: [Int32] = []
        columns.reserveCapacity(buckets.count)
        for bucket in buckets {
            let column = bucketToColumn[Int(bucket)]
            if column >= 0 { columns.append(column) }
        }
        guard !columns.isEmpty else { return }
        columns.sort()
        let start = vector.values.count
        var squared: Float = 0
        var index = 0
        while index < columns.count {
            var end = index + 1
            while end < columns.count, columns[end] == columns[index] { end += 1 }
            let column = columns[index]
            let weight = (1 + log(Float(end - index))) * idf[Int(column)]
            vector.indices.append(column)
            vector.values.append(weight)
            squared += weight * weight
            index = end
        }
        let scale = 1 / squared.squareRoot()
        for i in start..<vector.values.count { vector.values[i] *= scale }
    }
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
