/// Exact cosine-similarity search over unit-normalised vectors kept in one
/// contiguous buffer. At help-center sizes (tens of thousands of chunks) a
/// brute-force scan with SIMD dot products beats an approximate index and
/// never misses a neighbour.
public struct VectorIndex: Sendable {
    /// Vector length every entry must have.
    public let dimension: Int
    private var storage: [Float] = []
    private var keys: [String] = []
    private var rowByKey: [String: Int] = [:]

    /// Creates an empty index for vectors of `dimension` floats.
    public init(dimension: Int) {
        self.dimension = dimension
    }

    /// Number of stored vectors.
    public var count: Int { keys.count }

    /// Whether `key` has a vector.
    public func contains(_ key: String) -> Bool { rowByKey[key] != nil }

    /// Stores (or replaces) the vector for `key`, normalised to unit length;
    /// throws when the length does not match.
    public mutating func upsert(key: String, vector: [Float]) throws {
        guard vector.count == dimension else {
            throw KnowledgeError(.embeddings, "vector for \(key) has \(vector.count) dimensions, expected \(dimension)")
        }
        let unit = Self.normalised(vector)
        if let row = rowByKey[key] {
            storage.replaceSubrange(row * dimension..<(row + 1) * dimension, with: unit)
        } else {
            rowByKey[key] = keys.count
            keys.append(key)
            storage.append(contentsOf: unit)
        }
    }

    /// Removes `key`'s vector by moving the last row into its place.
    @discardableResult
    public mutating func remove(key: String) -> Bool {
        guard let row = rowByKey.removeValue(forKey: key) else { return false }
        let last = keys.count - 1
        if row != last {
            let moved = keys[last]
            storage.replaceSubrange(
                row * dimension..<(row + 1) * dimension,
                with: storage[last * dimension..<(last + 1) * dimension])
            keys[row] = moved
            rowByKey[moved] = row
        }
        keys.removeLast()
        storage.removeLast(dimension)
        return true
    }

    /// The stored (unit) vector for `key`.
    public func vector(for key: String) -> [Float]? {
        rowByKey[key].map { Array(storage[$0 * dimension..<($0 + 1) * dimension]) }
    }

    /// The `limit` most similar entries by cosine, best first; `allow` filters by key.
    public func search(_ query: [Float], limit: Int, allow: ((String) -> Bool)? = nil) -> [(key: String, score: Double)]
    {
        guard query.count == dimension, limit > 0, !keys.isEmpty else { return [] }
        let unit = Self.normalised(query)
        var selector = TopKSelector(k: limit)
        storage.withUnsafeBufferPointer { rows in
            unit.withUnsafeBufferPointer { q in
                for row in 0..<keys.count {
                    if let allow, !allow(keys[row]) { continue }
                    let score = Self.dot(
                        q, UnsafeBufferPointer(rebasing: rows[row * dimension..<(row + 1) * dimension]))
                    selector.offer(id: Int32(row), score: score)
                }
            }
        }
        return selector.sorted().map { (keys[Int($0.id)], Double($0.score)) }
    }

    /// Cosine similarity of `query` with the stored vector of `key` (nil when absent).
    public func similarity(_ query: [Float], key: String) -> Double? {
        guard query.count == dimension, let row = rowByKey[key] else { return nil }
        let unit = Self.normalised(query)
        return storage.withUnsafeBufferPointer { rows in
            unit.withUnsafeBufferPointer { q in
                Double(Self.dot(q, UnsafeBufferPointer(rebasing: rows[row * dimension..<(row + 1) * dimension])))
            }
        }
    }

    /// Dot product eight lanes at a time, then the remainder.
    @inline(__always)
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        let n = min(a.count, b.count)
        var sum = SIMD8<Float>()
        var index = 0
        while index + 8 <= n {
            let x = UnsafeRawPointer(a.baseAddress! + index).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b.baseAddress! + index).loadUnaligned(as: SIMD8<Float>.self)
            sum += x * y
            index += 8
        }
        var total = sum.sum()
        while index < n {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.withUnsafeBufferPointer { dot($0, $0) }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }
}
