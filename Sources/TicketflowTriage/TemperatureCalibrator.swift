import Foundation

/// Turns SVM decision values into probabilities: softmax(scores / T) with one
/// temperature T fitted on held-back data by minimising negative
/// log-likelihood (Guo et al. 2017). One parameter cannot overfit a small
/// fold and never changes which class wins.
public struct TemperatureCalibrator: Sendable, Equatable {
    /// The fitted temperature.
    public var temperature: Double

    public init(temperature: Double = 1) {
        self.temperature = temperature
    }

    /// Softmax of the scores at this temperature.
    public func probabilities(_ scores: [Float]) -> [Double] {
        Self.softmax(scores, temperature: temperature)
    }

    static func softmax(_ scores: [Float], temperature: Double) -> [Double] {
        guard let top = scores.max() else { return [] }
        var exps = scores.map { exp(Double($0 - top) / temperature) }
        let total = exps.reduce(0, +)
        for i in exps.indices { exps[i] /= total }
        return exps
    }

    /// Mean negative log-likelihood of the true classes.
    public static func negativeLogLikelihood(scores: [[Float]], labels: [Int], temperature: Double) -> Double {
        guard !scores.isEmpty else { return 0 }
        var total = 0.0
        for (row, label) in zip(scores, labels) {
            let p = softmax(row, temperature: temperature)[label]
            total -= log(max(p, 1e-12))
        }
        return total / Double(scores.count)
    }

    /// Mean cross-entropy of the scores against the uniform distribution: how far an out-of-scope row's
    /// probabilities are from "no class at all". Computed from log-softmax, so it does not saturate.
    public static func uniformCrossEntropy(scores: [[Float]], temperature: Double) -> Double {
        guard !scores.isEmpty else { return 0 }
        var total = 0.0
        for row in scores where !row.isEmpty {
            let top = Double(row.max()!)
            let scaled = row.map { (Double($0) - top) / temperature }
            let logTotal = log(scaled.reduce(0) { $0 + exp($1) })
            total += logTotal - scaled.reduce(0, +) / Double(scaled.count)
        }
        return total / Double(scores.count)
    }

    /// Fits T by golden-section search over ln T in [ln 0.001, ln 100]: the NLL of the in-scope rows'
    /// labels plus, for out-of-scope rows, the cross-entropy against the uniform distribution (as Outlier
    /// Exposure, Hendrycks et al. 2019, trains with). Both are convex in 1/T, so the sum is unimodal.
    ///
    /// Why the out-of-scope term: when every in-scope row is right, their NLL only falls as T falls, so T
    /// runs to the bound, every text (out-of-scope ones too) gets probability 1, and no threshold can
    /// tell them apart. Out-of-scope rows pull T back to where their probabilities stay low.
    public static func fit(scores: [[Float]], labels: [Int], outOfScope: [[Float]] = []) -> TemperatureCalibrator {
        guard !scores.isEmpty else { return TemperatureCalibrator() }
        var low = log(0.001)
        var high = log(100.0)
        let ratio = (sqrt(5.0) - 1) / 2
        let inScope = Double(scores.count)
        let outside = Double(outOfScope.count)
        func loss(_ logT: Double) -> Double {
            let t = exp(logT)
            return
                (negativeLogLikelihood(scores: scores, labels: labels, temperature: t) * inScope
                + uniformCrossEntropy(scores: outOfScope, temperature: t) * outside) / (inScope + outside)
        }
        var a = high - ratio * (high - low)
        var b = low + ratio * (high - low)
        var lossA = loss(a)
        var lossB = loss(b)
        for _ in 0..<60 {
            if lossA < lossB {
                high = b; b = a; lossB = lossA
                a = high - ratio * (high - low); lossA = loss(a)
            } else {
                low = a; a = b; lossA = lossB
                b = low + ratio * (high - low); lossB = loss(b)
            }
        }
        return TemperatureCalibrator(temperature: exp((low + high) / 2))
    }
}

/// Expected calibration error: the gap between confidence and accuracy,
/// averaged over equal-width confidence bins weighted by their size.
public enum CalibrationError {
    /// ECE of top-1 predictions (confidence, correct) over `bins` bins.
    public static func expected(confidences: [Double], correct: [Bool], bins: Int = 15) -> Double {
        guard !confidences.isEmpty else { return 0 }
        var confidenceSum = [Double](repeating: 0, count: bins)
        var correctSum = [Double](repeating: 0, count: bins)
        var counts = [Int](repeating: 0, count: bins)
        for (confidence, isCorrect) in zip(confidences, correct) {
            let bin = min(bins - 1, max(0, Int(confidence * Double(bins))))
            confidenceSum[bin] += confidence
            correctSum[bin] += isCorrect ? 1 : 0
            counts[bin] += 1
        }
        var error = 0.0
        for bin in 0..<bins where counts[bin] > 0 {
            error += abs(confidenceSum[bin] - correctSum[bin])
        }
        return error / Double(confidences.count)
    }
}
