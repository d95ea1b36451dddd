import Foundation
import TicketflowCore
import TicketflowTriage

/// The outcome of one retraining: old and new model on the same held-back
/// relabels, and whether the new one replaced the old.
public struct RetrainReport: Codable, Sendable, Equatable {
    public var createdAt: Date
    /// Rows the candidate trained on: base rows plus the training share of the relabels.
    public var trainingRows: Int
    public var relabels: Int
    /// Relabels neither model trained on: the comparison slice.
    public var heldBackRows: Int
    /// Share of held-back relabels each model labels as the agents did
    /// (`unknown` and labels a model does not have count as wrong).
    public var oldAccuracy: Double
    public var newAccuracy: Double
    public var swapped: Bool
    /// One sentence a person can read.
    public var decision: String
    public var newModelVersion: String?

    enum CodingKeys: String, CodingKey {
        case relabels, swapped, decision
        case createdAt = "created_at"
        case trainingRows = "training_rows"
        case heldBackRows = "held_back_rows"
        case oldAccuracy = "old_accuracy"
        case newAccuracy = "new_accuracy"
        case newModelVersion = "new_model_version"
    }
}

/// Retrains the category model on base rows (the starter set, or the team's
/// own history) plus agents' relabels, and keeps it only if it is not worse.
/// The comparison runs on held-back relabels only: the running model may have
/// trained on the base rows, so they would flatter it; no model has seen the
/// held-back relabels. The slice is chosen by hashing each text, so the same
/// row is always held back and a re-run compares like with like.
public struct ModelRetrainer: Sendable {
    /// Share of rows held back for the comparison.
    public var heldBackShare = 0.25
    /// The new model may lose at most this much accuracy (0: never worse).
    public var tolerance = 0.0
    public var trainer = ClassifierTrainer(name: "category")

    public init() {}

    /// True for rows in the held-back slice (about `heldBackShare` of them).
    public func isHeldBack(_ text: String) -> Bool {
        Double(FNV1a.hash64(text.utf8) % 10_000) / 10_000 < heldBackShare
    }

    /// The rows a candidate trains on: `base` plus the relabels outside the held-back slice.
    public func trainingRows(base: [LabeledText], relabels: [LabeledText]) -> [LabeledText] {
        base + relabels.filter { !isHeldBack($0.text) }
    }

    /// Trains a candidate and compares it with `current`, or with `currentLabels` (the running
    /// classifier's labels for the held-back relabels, in order) when another kind of model decides.
    /// With `encoder` (the sentence vectors of `trainingRows` and of the held-back relabels), the
    /// candidate has encoder features and is scored with them.
    public func retrain(
        current: ClassifierModel, currentLabels: [String]? = nil, base: [LabeledText], relabels: [LabeledText],
        encoder: (training: TrainingEmbeddings, held: [[Float]])? = nil, at now: Date
    ) throws
        -> (report: RetrainReport, candidate: ClassifierModel)
    {
        let held = relabels.filter { isHeldBack($0.text) }
        let training = trainingRows(base: base, relabels: relabels)
        let candidate = try trainer.train(training, embeddings: encoder?.training)
        let candidateLabels = encoder.map { encoder in
            zip(held, encoder.held).map { candidate.predict($0.text, embedding: $1).label }
        }
        let report = compare(
            current: current, currentLabels: currentLabels, candidate: candidate, candidateLabels: candidateLabels,
            held: held, trainingRows: training.count, relabels: relabels.count, at: now)
        return (report, candidate)
    }

    /// The decision rule, separate so it can be checked with any pair of models.
    public func compare(
        current: ClassifierModel, currentLabels: [String]? = nil, candidate: ClassifierModel,
        candidateLabels: [String]? = nil, held: [LabeledText], trainingRows: Int, relabels: Int, at now: Date
    ) -> RetrainReport {
        func share(_ labels: [String]) -> Double {
            held.isEmpty ? 0 : Double(zip(labels, held).filter { $0 == $1.label }.count) / Double(held.count)
        }
        let old = currentLabels.map(share) ?? Self.accuracy(current, held)
        let new = candidateLabels.map(share) ?? Self.accuracy(candidate, held)
        let swap = !held.isEmpty && new + tolerance >= old
        let decision: String
        if held.isEmpty {
            decision = "kept the current model: no held-back relabels to compare on yet (need more relabels)"
        } else {
            let figures = String(
                format: "%.1f%% against %.1f%% on %d held-back relabels", new * 100, old * 100, held.count)
            decision =
                swap
                ? "swapped: the new model scores " + figures : "kept the current model: the new one scores " + figures
        }
        return RetrainReport(
            createdAt: now, trainingRows: trainingRows, relabels: relabels, heldBackRows: held.count,
            oldAccuracy: old, newAccuracy: new, swapped: swap, decision: decision,
            newModelVersion: swap ? candidate.header.version : nil)
    }

    /// Share of rows whose predicted label is the row's label; `unknown`
    /// and labels the model lacks count as wrong. 0 for no rows.
    static func accuracy(_ model: ClassifierModel, _ rows: [LabeledText]) -> Double {
        guard !rows.isEmpty else { return 0 }
        return Double(rows.filter { model.predict($0.text).label == $0.label }.count) / Double(rows.count)
    }
}
