import Foundation
import TicketflowText

/// Features of a text that moved the decision, with how far (`ticketflow model explain`).
public struct FeatureContribution: Codable, Sendable, Equatable {
    /// The features behind one weight column: a repeated n-gram once, and features that share a hash bucket.
    public var features: [String]
    /// value × (weight for the decided label − weight for the runner-up): how much this column widened (> 0) or
    /// narrowed (< 0) the decided label's lead.
    public var contribution: Double
}

/// Why a linear model decided as it did: the decided label's lead over the runner-up, split into the
/// contribution of every feature of the text plus the difference of the two labels' intercepts.
public struct ClassifierExplanation: Codable, Sendable {
    /// The model's prediction, as `predict` gives it.
    public var prediction: ClassPrediction
    /// The label the lead is measured against (nil for a one-label model).
    public var runnerUp: String?
    /// Decision value of the decided label minus the runner-up's.
    public var margin: Double
    /// The intercepts' share of `margin`; the rest is the sum of every feature's contribution.
    public var interceptMargin: Double
    /// The features that widened the lead most, largest first.
    public var supporting: [FeatureContribution]
    /// The features that narrowed it most, largest first.
    public var opposing: [FeatureContribution]
    /// Features of the text training never saw: they carry no weight.
    public var unseenFeatures: Int

    enum CodingKeys: String, CodingKey {
        case prediction, margin, supporting, opposing
        case runnerUp = "runner_up"
        case interceptMargin = "intercept_margin"
        case unseenFeatures = "unseen_features"
    }
}

extension ClassifierModel {
    /// Explains the prediction for `text`, keeping the `top` strongest features each way. For a model with
    /// encoder features, `embedding` is the text's sentence vector, whose whole block counts as one feature.
    public func explain(_ text: String, top: Int = 8, embedding: [Float]? = nil) -> ClassifierExplanation {
        let normalized = space.normalize(text)
        var word = HashedFeatures()
        var characters = HashedFeatures()
        var names: [Int: [String]] = [:]  // column → feature names, in text order
        var unseen = 0
        space.visitFeatures(of: normalized) { origin, bucket in
            let isCharacters: Bool
            if case .characters = origin { isCharacters = true } else { isCharacters = false }
            if isCharacters { characters.charBuckets.append(bucket) } else { word.wordBuckets.append(bucket) }
            guard let column = space.column(of: bucket) else {
                unseen += 1
                return
            }
            let name = origin.name(in: normalized)
            if names[column]?.contains(name) != true { names[column, default: []].append(name) }
        }
        let scores = weights.scores(vector(for: normalized, embedding: embedding)).map(Double.init)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let best = order.first ?? 0
        let second = order.count > 1 ? order[1] : nil
        let k = weights.classCount
        /// How much a unit of `column` widens the decided label's lead over the runner-up.
        func lead(_ column: Int) -> Double {
            Double(weights.weights[column * k + best]) - (second.map { Double(weights.weights[column * k + $0]) } ?? 0)
        }
        // Each block is weighted and normalised on its own, so the blocks' vectors hold exactly the values of
        // the whole text's vector; a column can appear in both (a word and a character n-gram sharing a bucket).
        var byColumn: [Int: Double] = [:]
        for vector in [space.vector(for: word), space.vector(for: characters)] {
            for (index, value) in zip(vector.indices, vector.values) {
                byColumn[Int(index), default: 0] += Double(value) * lead(Int(index))
            }
        }
        var contributions = byColumn.map { FeatureContribution(features: names[$0.key] ?? [], contribution: $0.value) }
        /// A dense block's share of the lead: its columns' values × their weight differences.
        func share(_ block: SparseVector) -> Double {
            zip(block.indices, block.values).reduce(0.0) { $0 + Double($1.1) * lead(Int($1.0)) }
        }
        let sentence = ClassifierModel.appending(
            embedding, scale: header.encoder?.scale, to: SparseVector(), at: space.columnCount)
        if !sentence.indices.isEmpty {
            contributions.append(FeatureContribution(features: ["‹sentence vector›"], contribution: share(sentence)))
        }
        if let polarity = header.polarity {
            let scores = PolarityLexicon.vader.scores(of: normalized)
            // Laid out by the one function training and prediction use, so the columns are the model's.
            let block = ClassifierModel.assemble(
                ngrams: SparseVector(), columns: space.columnCount, embedding: nil, encoder: header.encoder,
                polarity: polarity.values(for: scores))
            contributions.append(
                FeatureContribution(
                    features: [String(format: "‹polarity lexicon %+.2f›", scores.compound)],
                    contribution: share(block)))
        }
        return ClassifierExplanation(
            prediction: prediction(fromScores: scores.map(Float.init), topK: 3), runnerUp: second.map { labels[$0] },
            margin: scores[best] - (second.map { scores[$0] } ?? 0),
            interceptMargin: Double(weights.bias[best]) - (second.map { Double(weights.bias[$0]) } ?? 0),
            supporting: Array(
                contributions.filter { $0.contribution > 0 }.sorted { $0.contribution > $1.contribution }.prefix(top)),
            opposing: Array(
                contributions.filter { $0.contribution < 0 }.sorted { $0.contribution < $1.contribution }.prefix(top)),
            unseenFeatures: unseen)
    }
}
