import Foundation
import TicketflowCore
import TicketflowText

/// Why training could not start.
public struct TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line for the user.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Sentence vectors of the training and validation rows (same order), for a model with encoder features.
public struct TrainingEmbeddings: Sendable {
    /// The encoder's identity.
    public var model: String
    public var rows: [[Float]]
    public var validation: [[Float]]

    public init(model: String, rows: [[Float]], validation: [[Float]] = []) {
        self.model = model
        self.rows = rows
        self.validation = validation
    }
}

/// One labeled example.
public struct LabeledText: Sendable, Equatable {
    /// The ticket text.
    public var text: String
    /// Its class.
    public var label: String

    public init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}

/// Trains a calibrated classifier from labeled texts: features, one-vs-rest
/// SVM, temperature on held-back rows, unknown threshold, header.
public struct ClassifierTrainer: Sendable {
    /// n-gram configuration.
    public var featureConfig: FeatureConfig
    /// Solver settings.
    public var solver: SVMSettings
    /// Share of training rows held back for calibration when no validation file is given.
    public var calibrationShare: Double
    /// Model name written into the header.
    public var name: String
    /// Weight of the sentence vector against the n-gram vector when training with encoder features. 2 was
    /// chosen on dev data: StackFAQ threads as many intents, and dev splits of bitext's and TweetEval's
    /// train files (docs/triage.md).
    public var encoderScale = 2.0
    /// Weight of the polarity lexicon's block; nil trains without it.
    public var polarityScale: Double?

    public init(
        featureConfig: FeatureConfig = FeatureConfig(), solver: SVMSettings = SVMSettings(),
        calibrationShare: Double = 0.15, name: String = "model"
    ) {
        self.featureConfig = featureConfig
        self.solver = solver
        self.calibrationShare = calibrationShare
        self.name = name
    }

    /// Trains. Validation rows with labels absent from training count as
    /// out-of-scope examples for the unknown threshold. `progress` gets one-line updates.
    /// With `embeddings`, the model is one linear model over the n-grams and the sentence vectors.
    public func train(
        _ examples: [LabeledText], validation: [LabeledText]? = nil, embeddings: TrainingEmbeddings? = nil,
        progress: @Sendable (String) -> Void = { _ in }
    ) throws -> ClassifierModel {
        let started = ContinuousClock.now
        guard !examples.isEmpty else { throw TrainingError("no training rows (are the text and label columns empty?)") }
        let labels = Array(Set(examples.map(\.label))).sorted()
        guard labels.count >= 2 else {
            throw TrainingError("training needs at least two labels; found only '\(labels[0])'")
        }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let targets = examples.map { labelIndex[$0.label]! }
        progress("hashing \(examples.count) texts into features")
        let (space, hashed) = FeatureSpace.learn(texts: examples.map(\.text), config: featureConfig)
        if let embeddings {
            guard embeddings.rows.count == examples.count, embeddings.validation.count == (validation?.count ?? 0)
            else { throw TrainingError("one sentence vector per training and validation row is needed") }
        }
        let encoder = embeddings.map {
            EncoderFeatures(model: $0.model, dimension: $0.rows.first?.count ?? 0, scale: encoderScale)
        }
        let polarity = polarityScale.map { PolarityFeatures(scale: $0) }
        func vector(_ text: String, _ ngrams: SparseVector?, _ embedding: [Float]?) -> SparseVector {
            // Only the polarity block reads the normalised text again; n-gram-only training skips the pass.
            let normalized = polarity != nil || ngrams == nil ? space.normalize(text) : nil
            return ClassifierModel.assemble(
                ngrams: ngrams ?? space.vector(for: normalized!), columns: space.columnCount, embedding: embedding,
                encoder: encoder, polarity: normalized.flatMap { polarity?.values(for: $0) })
        }
        let vectors = hashed.indices.map {
            vector(examples[$0].text, space.vector(for: hashed[$0]), embeddings?.rows[$0])
        }
        let columnCount = space.columnCount + ClassifierModel.denseColumns(encoder: encoder, polarity: polarity)
        let trainer = LinearSVMTrainer(settings: solver)
        progress("\(columnCount) feature columns, \(labels.count) classes")

        var calibrationScores: [[Float]] = []
        var calibrationTargets: [Int] = []
        var outOfScopeScores: [[Float]] = []
        let source: String
        let final: SolverOutcome
        var epochs = 0
        if let validation, !validation.isEmpty {
            source = "validation file"
            progress("training on \(examples.count) rows")
            final = trainer.train(
                vectors: vectors, labels: targets, classCount: labels.count, columnCount: columnCount)
            for (index, row) in validation.enumerated() {
                let scores = final.weights.scores(vector(row.text, nil, embeddings?.validation[index]))
                if let target = labelIndex[row.label] {
                    calibrationScores.append(scores)
                    calibrationTargets.append(target)
                } else {
                    outOfScopeScores.append(scores)
                }
            }
        } else {
            source = "held-back \(Int(calibrationShare * 100))% of training rows"
            let (fitRows, heldRows) = Self.stratifiedSplit(targets: targets, share: calibrationShare, seed: solver.seed)
            progress("training on \(fitRows.count) rows, holding back \(heldRows.count) for calibration")
            let fold = trainer.train(
                vectors: fitRows.map { vectors[$0] }, labels: fitRows.map { targets[$0] },
                classCount: labels.count, columnCount: columnCount)
            epochs += fold.epochs
            for row in heldRows {
                calibrationScores.append(fold.weights.scores(vectors[row]))
                calibrationTargets.append(targets[row])
            }
            // Refit on every row, starting from the fold's dual solution: the
            // held-back rows start at zero, so the refit costs a few passes.
            var warm = [[Float]](repeating: [Float](repeating: 0, count: examples.count), count: labels.count)
            for c in 0..<labels.count {
                for (position, row) in fitRows.enumerated() { warm[c][row] = fold.alphas[c][position] }
            }
            progress("refitting on all \(examples.count) rows")
            final =
                heldRows.isEmpty
                ? fold
                : trainer.train(
                    vectors: vectors, labels: targets, classCount: labels.count, columnCount: columnCount,
                    warmStart: warm)
        }
        epochs += final.epochs

        // A temperature fitted on a handful of rows (a team's few declared examples) is not evidence: all
        // of them right gives a near-zero T and 0.999 on everything. Under the minimum, T stays 1.
        let calibrator =
            calibrationScores.count < Self.minimumCalibrationRows
            ? TemperatureCalibrator()
            : TemperatureCalibrator.fit(
                scores: calibrationScores, labels: calibrationTargets, outOfScope: outOfScopeScores)
        let correct = calibrationScores.enumerated().map { Self.argmax($1) == calibrationTargets[$0] }
        let before = calibrationScores.map { TemperatureCalibrator.softmax($0, temperature: 1).max() ?? 0 }
        let after = calibrationScores.map { calibrator.probabilities($0).max() ?? 0 }
        let threshold = UnknownThreshold.choose(
            inScope: zip(after, correct).map { ($0, $1) },
            outOfScope: outOfScopeScores.map { calibrator.probabilities($0).max() ?? 0 })
        let seconds = Self.seconds(since: started)
        let metrics = TrainingMetrics(
            calibrationSource: calibrationScores.count < Self.minimumCalibrationRows
                ? source + " (too few to fit a temperature: T = 1)" : source,
            calibrationRows: calibrationScores.count,
            calibrationAccuracy: correct.isEmpty ? 0 : Double(correct.filter { $0 }.count) / Double(correct.count),
            eceBefore: CalibrationError.expected(confidences: before, correct: correct),
            eceAfter: CalibrationError.expected(confidences: after, correct: correct),
            trainingSeconds: seconds, epochs: epochs, featureColumns: columnCount)
        let header = ModelHeader(
            formatVersion: ModelFile.formatVersion, name: name, labels: labels, featureConfig: featureConfig,
            solver: solver, temperature: calibrator.temperature, unknownThreshold: threshold,
            trainingDataHash: Self.dataHash(examples, encoder: encoder, polarity: polarity),
            trainingRows: examples.count,
            metrics: metrics, createdAt: ISO8601DateFormatter().string(from: Date()))
        progress(String(format: "done in %.2f s", seconds))
        var model = ClassifierModel(header: header, space: space, weights: final.weights)
        model.header.encoder = encoder
        model.header.polarity = polarity
        return model
    }

    /// Holds back `share` of each class (seeded shuffle); classes with fewer than
    /// three rows stay whole in training so every class is learned.
    static func stratifiedSplit(targets: [Int], share: Double, seed: UInt64) -> (fit: [Int], held: [Int]) {
        var byClass: [Int: [Int]] = [:]
        for (row, target) in targets.enumerated() { byClass[target, default: []].append(row) }
        var generator = SplitMix64(seed: seed ^ 0xCA11_B8A7E)
        var fit: [Int] = []
        var held: [Int] = []
        for target in byClass.keys.sorted() {
            var rows = byClass[target]!
            rows.shuffle(using: &generator)
            let holdCount = rows.count >= 3 ? max(1, Int((Double(rows.count) * share).rounded())) : 0
            held += rows.prefix(holdCount)
            fit += rows.dropFirst(holdCount)
        }
        return (fit.sorted(), held.sorted())
    }

    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    /// FNV-1a 64 over texts and labels, in order, the encoder features' model and scale, and the polarity
    /// features' lexicon and scale.
    static func dataHash(
        _ examples: [LabeledText], encoder: EncoderFeatures? = nil, polarity: PolarityFeatures? = nil
    ) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        if let encoder {
            for byte in "\(encoder.model)\u{1F}\(encoder.scale)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
        }
        if let polarity {
            for byte in "\u{1D}\(polarity.lexicon)\u{1F}\(polarity.scale)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
        }
        for example in examples {
            for byte in example.text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x100_0000_01B3
            for byte in example.label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            hash = (hash ^ 0x1E) &* 0x100_0000_01B3
        }
        return String(format: "%016llx", hash)
    }

    /// Fewest held-back or validation rows a temperature is fitted on.
    public static let minimumCalibrationRows = 20

    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (s, atto) = (ContinuousClock.now - start).components
        return Double(s) + Double(atto) / 1e18
    }
}
