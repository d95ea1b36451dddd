import Foundation
import TicketflowCore

/// Weights of a one-vs-rest linear classifier, stored column-major
/// (`weights[column * classCount + class]`) so one feature's weights for all
/// classes sit together and scoring a sparse text touches few cache lines.
public struct LinearWeights: Sendable, Equatable {
    /// Number of classes.
    public let classCount: Int
    /// Number of feature columns.
    public let columnCount: Int
    /// Column-major weight matrix.
    public var weights: [Float]
    /// Intercept of each class.
    public var bias: [Float]

    public init(classCount: Int, columnCount: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == classCount * columnCount && bias.count == classCount)
        self.classCount = classCount
        self.columnCount = columnCount
        self.weights = weights
        self.bias = bias
    }

    /// Decision value of every class for one vector.
    public func scores(_ vector: SparseVector) -> [Float] {
        var scores = bias
        let k = classCount
        weights.withUnsafeBufferPointer { w in
            scores.withUnsafeMutableBufferPointer { s in
                for (index, value) in zip(vector.indices, vector.values) {
                    let base = Int(index) * k
                    for c in 0..<k { s[c] += value * w[base + c] }
                }
            }
        }
        return scores
    }
}

/// Settings of the dual coordinate descent solver.
public struct SVMSettings: Codable, Sendable, Equatable {
    /// Inverse regularisation strength (LIBLINEAR's C).
    public var c: Double
    /// Stop when the projected-gradient spread falls below this (LIBLINEAR's eps).
    public var tolerance: Double
    /// Most passes over the data per class.
    public var maxEpochs: Int
    /// Seed of the per-class shuffles, for reproducible models.
    public var seed: UInt64

    public init(c: Double = 1.0, tolerance: Double = 0.1, maxEpochs: Int = 1000, seed: UInt64 = 42) {
        self.c = c
        self.tolerance = tolerance
        self.maxEpochs = maxEpochs
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case c, tolerance, seed
        case maxEpochs = "max_epochs"
    }
}

/// What the solver did, for the training report.
public struct SolverOutcome: Sendable {
    /// The learned weights.
    public var weights: LinearWeights
    /// Dual variables per class (for warm starts), `alphas[class][example]`.
    public var alphas: [[Float]]
    /// Passes over the data, summed over classes.
    public var epochs: Int
}

/// One-vs-rest L2-regularised squared-hinge linear SVM trained by dual
/// coordinate descent with shrinking (Hsieh et al. 2008, the LIBLINEAR solver
/// behind scikit-learn's LinearSVC). Hand-written because no listed Swift
/// package trains linear models; classes are solved in parallel.
public struct LinearSVMTrainer: Sendable {
    /// Solver settings.
    public var settings: SVMSettings

    public init(settings: SVMSettings = SVMSettings()) {
        self.settings = settings
    }

    /// Trains on vectors with class indices in 0..<classCount. `warmStart`
    /// gives starting dual variables per class and example (0 where absent).
    public func train(
        vectors: [SparseVector], labels: [Int], classCount: Int, columnCount: Int,
        warmStart: [[Float]]? = nil
    ) -> SolverOutcome {
        let squaredNorms = vectors.map { $0.squaredNorm + 1 }  // +1: the bias feature
        let results = ParallelMap.map(Array(0..<classCount)) { c in
            solveBinary(
                vectors: vectors, squaredNorms: squaredNorms,
                signs: labels.map { $0 == c ? 1 : -1 }, columnCount: columnCount,
                initialAlpha: warmStart?[c], seed: settings.seed &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15
            )
        }
        var weights = [Float](repeating: 0, count: classCount * columnCount)
        var bias = [Float](repeating: 0, count: classCount)
        for (c, result) in results.enumerated() {
            for column in 0..<columnCount { weights[column * classCount + c] = result.w[column] }
            bias[c] = result.bias
        }
        return SolverOutcome(
            weights: LinearWeights(classCount: classCount, columnCount: columnCount, weights: weights, bias: bias),
            alphas: results.map(\.alpha), epochs: results.reduce(0) { $0 + $1.epochs }
        )
    }

    struct BinaryResult: Sendable {
        var w: [Float]
        var bias: Float
        var alpha: [Float]
        var epochs: Int
    }

    func solveBinary(
        vectors: [SparseVector], squaredNorms: [Float], signs: [Float], columnCount: Int,
        initialAlpha: [Float]?, seed: UInt64
    ) -> BinaryResult {
        let count = vectors.count
        let diagonal = Float(0.5 / settings.c)
        var alpha = initialAlpha ?? [Float](repeating: 0, count: count)
        var w = [Float](repeating: 0, count: columnCount)
        var bias: Float = 0
        for i in 0..<count where alpha[i] != 0 {
            let step = alpha[i] * signs[i]
            for (index, value) in zip(vectors[i].indices, vectors[i].values) { w[Int(index)] += step * value }
            bias += step
        }
        var order = Array(0..<count)
        var activeSize = count
        var generator = SplitMix64(seed: seed)
        var maxOld = Float.infinity
        var minOld = -Float.infinity
        var epochs = 0
        let tolerance = Float(settings.tolerance)
        w.withUnsafeMutableBufferPointer { weights in
            while epochs < settings.maxEpochs {
                epochs += 1
                var maxNew = -Float.infinity
                var minNew = Float.infinity
                for s in 0..<activeSize {
                    let j = s + Int(generator.next() % UInt64(activeSize - s))
                    order.swapAt(s, j)
                }
                var s = 0
                while s < activeSize {
                    let i = order[s]
                    let vector = vectors[i]
                    let y = signs[i]
                    var dot = bias
                    vector.indices.withUnsafeBufferPointer { indices in
                        vector.values.withUnsafeBufferPointer { values in
                            for k in 0..<indices.count { dot += weights[Int(indices[k])] * values[k] }
                        }
                    }
                    let gradient = y * dot - 1 + diagonal * alpha[i]
                    var projected: Float = 0
                    if alpha[i] == 0 {
                        if gradient > maxOld {
                            activeSize -= 1
                            order.swapAt(s, activeSize)
                            continue
                        }
                        if gradient < 0 { projected = gradient }
                    } else {
                        projected = gradient
                    }
                    maxNew = max(maxNew, projected)
                    minNew = min(minNew, projected)
                    if abs(projected) > 1e-12 {
                        let old = alpha[i]
                        alpha[i] = max(old - gradient / (squaredNorms[i] + diagonal), 0)
                        let step = (alpha[i] - old) * y
                        vector.indices.withUnsafeBufferPointer { indices in
                            vector.values.withUnsafeBufferPointer { values in
                                for k in 0..<indices.count { weights[Int(indices[k])] += step * values[k] }
                            }
                        }
                        bias += step
                    }
                    s += 1
                }
                if maxNew - minNew <= tolerance {
                    if activeSize == count { break }
                    activeSize = count
                    maxOld = .infinity
                    minOld = -.infinity
                    continue
                }
                maxOld = maxNew <= 0 ? .infinity : maxNew
                minOld = minNew >= 0 ? -.infinity : minNew
            }
        }
        _ = minOld
        return BinaryResult(w: w, bias: bias, alpha: alpha, epochs: epochs)
    }
}
