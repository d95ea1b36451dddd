/// Exact cosine-similarity search over unit-normalised vectors kept in one
/// contiguous buffer. At help-center sizes (tens of thousands of chunks) a
/// brute-force scan with SIMD dot products beats an approximate index and
/// never misses a neighbour.
///
/// Vectors are stored as int8 with one scale per vector (symmetric, the
/// largest component maps to ±127): a quarter of Float32's memory (20,000
/// MiniLM vectors: 7.7 MB instead of 30.7 MB), and the scan reads a quarter
/// of the bytes, so it is faster too. Queries stay Float32. A unit vector's
/// components are small and alike, so rounding moves a cosine by about 1e-3,
/// well under the gaps between neighbours: StackFAQ test MRR@10 is unchanged
/// (docs/benchmarks.md, "Server memory").
public struct VectorIndex: Sendable {
    /// Vector length every entry must have.
    public let dimension: Int
    /// `dimension` codes per row; a row's unit vector is `codes × scales[row]`.
    private var codes: [Int8] = []
    private var scales: [Float] = []
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
        let (rowCodes, scale) = Self.quantised(Self.normalised(vector))
        if let row = rowByKey[key] {
            codes.replaceSubrange(row * dimension..<(row + 1) * dimension, with: rowCodes)
            scales[row] = scale
        } else {
            rowByKey[key] = keys.count
            keys.append(key)
            codes.append(contentsOf: rowCodes)
            scales.append(scale)
        }
    }

    /// Removes `key`'s vector by moving the last row into its place.
    @discardableResult
    public mutating func remove(key: String) -> Bool {
        guard let row = rowByKey.removeValue(forKey: key) else { return false }
        let last = keys.count - 1
        if row != last {
            let moved = keys[last]
            codes.replaceSubrange(
                row * dimension..<(row + 1) * dimension, with: codes[last * dimension..<(last + 1) * dimension])
            scales[row] = scales[last]
            keys[row] = moved
            rowByKey[moved] = row
        }
        keys.removeLast()
        scales.removeLast()
        codes.removeLast(dimension)
        return true
    }

    /// The stored vector for `key`, unit length up to the int8 rounding.
    public func vector(for key: String) -> [Float]? {
        rowByKey[key].map { row in codes[row * dimension..<(row + 1) * dimension].map { Float($0) * scales[row] } }
    }

    /// The `limit` most similar entries by cosine, best first; `allow` filters by key.
    public func search(_ query: [Float], limit: Int, allow: ((String) -> Bool)? = nil) -> [(key: String, score: Double)]
    {
        guard query.count == dimension, limit > 0, !keys.isEmpty else { return [] }
        let unit = Self.normalised(query)
        var selector = TopKSelector(k: limit)
        codes.withUnsafeBufferPointer { rows in
            unit.withUnsafeBufferPointer { q in
                for row in 0..<keys.count {
                    if let allow, !allow(keys[row]) { continue }
                    let score = scales[row] * Self.dot(q, rows.baseAddress! + row * dimension)
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
        return codes.withUnsafeBufferPointer { rows in
            unit.withUnsafeBufferPointer { q in
                Double(scales[row] * Self.dot(q, rows.baseAddress! + row * dimension))
            }
        }
    }

    /// Σ q[i]·codes[i], sixteen lanes at a time (the int8 → Float widening keeps pace with the multiply at that
    /// width; eight lanes measured slower than the Float32 scan), then the remainder.
    @inline(__always)
    static func dot(_ q: UnsafeBufferPointer<Float>, _ codes: UnsafePointer<Int8>) -> Float {
        let n = q.count
        var sum = SIMD16<Float>()
        var index = 0
        while index + 16 <= n {
            let x = UnsafeRawPointer(q.baseAddress! + index).loadUnaligned(as: SIMD16<Float>.self)
            let c = UnsafeRawPointer(codes + index).loadUnaligned(as: SIMD16<Int8>.self)
            sum += x * SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: c))
            index += 16
        }
        var total = sum.sum()
        while index < n {
            total += q[index] * Float(codes[index])
            index += 1
        }
        return total
    }

    /// Codes and scale of a unit vector: the largest magnitude maps to 127, the rest round to nearest.
    static func quantised(_ unit: [Float]) -> (codes: [Int8], scale: Float) {
        let largest = unit.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0 else { return ([Int8](repeating: 0, count: unit.count), 0) }
        let scale = largest / 127
        return (unit.map { Int8(clamping: Int(($0 / scale).rounded())) }, scale)
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }
}
