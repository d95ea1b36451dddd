import Foundation
import Testing
import TicketflowLearning
import TicketflowTriage

/// Retraining learns what agents corrected, and never swaps in a worse model.
@Suite struct RetrainerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Gift-card questions the starter model files under billing; this team's agents say `gift_cards`.
    static func relabels() -> [LabeledText] {
        let items = ["gift card", "gift voucher", "e-gift card", "gift certificate", "present card", "gift code"]
        let asks = [
            "How do I redeem my %@?", "My %@ balance is wrong", "Can I buy a %@ for a friend?",
            "The %@ code does not work", "Where do I enter a %@?", "Does my %@ expire?",
            "I lost my %@ email", "Can I combine two %@ purchases?", "How much is left on my %@?",
        ]
        return items.flatMap { item in asks.map { LabeledText(text: String(format: $0, item), label: "gift_cards") } }
    }

    @Test func deliberateRelabelsImproveTheSliceAndTheModelIsSwapped() throws {
        let current = try StarterModels.categoryModel()
        let retrainer = ModelRetrainer()
        let relabels = Self.relabels()
        #expect(
            relabels.contains { retrainer.isHeldBack($0.text) } && relabels.contains { !retrainer.isHeldBack($0.text) })
        let (report, candidate) = try retrainer.retrain(
            current: current, base: StarterCategoryData.examples, relabels: relabels, at: Self.now)
        #expect(report.oldAccuracy == 0, "the starter model has no gift_cards label")
        #expect(report.newAccuracy >= 0.8, "\(report)")
        #expect(report.swapped)
        #expect(report.newModelVersion == candidate.header.version)
        #expect(candidate.labels.contains("gift_cards"))
    }

    @Test func aWorseCandidateIsNotSwapped() throws {
        let current = try StarterModels.categoryModel()
        let retrainer = ModelRetrainer()
        // A candidate trained on scrambled labels: worse on the held-back starter rows.
        let base = StarterCategoryData.examples
        let labels = base.map(\.label)
        let scrambled = base.enumerated().map { LabeledText(text: $1.text, label: labels[($0 * 7 + 3) % labels.count]) }
        let worse = try ClassifierTrainer(name: "scrambled").train(scrambled.filter { !retrainer.isHeldBack($0.text) })
        // Agents confirmed these labels; the scrambled candidate gets most of them wrong.
        let confirmed = base.filter { retrainer.isHeldBack($0.text) }
        let report = retrainer.compare(
            current: current, candidate: worse, held: confirmed, trainingRows: scrambled.count,
            relabels: confirmed.count, at: Self.now)
        #expect(report.newAccuracy < report.oldAccuracy)
        #expect(!report.swapped)
        #expect(report.decision.hasPrefix("kept the current model"))
        #expect(report.newModelVersion == nil)
    }

    @Test func theHeldBackSliceIsStableAndAboutAQuarter() {
        let retrainer = ModelRetrainer()
        let texts = (0..<2000).map { "ticket number \($0) about something" }
        let held = texts.filter(retrainer.isHeldBack).count
        #expect((400...600).contains(held))
        #expect(texts.filter(retrainer.isHeldBack) == texts.filter(retrainer.isHeldBack))
    }
}
