import Foundation
import Testing
import TicketflowCore
@testable import TicketflowTriage

@Suite struct EvaluationReportTests {
    /// A model trained with out-of-scope validation rows, scored on in-scope and out-of-scope rows: the
    /// report's figures match counts taken from `predict` row by row.
    @Test func figuresMatchTheRowByRowPredictions() throws {
        let training = StarterCategoryData.examples
        let labels = Set(training.map(\.label))
        let outside = [
            "what is the weather in Paris tomorrow", "recommend a good pizza place", "who won the match last night",
            "tell me a joke about cats", "how tall is the eiffel tower", "play some relaxing music",
            "what's the capital of Australia", "translate hello into German", "set an alarm for 7am",
            "how many calories in a banana", "what movies are on tonight", "when is the next full moon",
            "write me a poem about autumn", "how do I bake sourdough bread", "what is the speed of light",
            "book a table for two at eight", "who painted the mona lisa", "is it going to snow this weekend",
            "how far is the moon", "suggest a name for my dog",
        ].map { LabeledText(text: $0, label: "out_of_scope") }
        var trainer = ClassifierTrainer(name: "report-test")
        trainer.calibrationShare = 0.15
        let validation = Array(training.enumerated().filter { $0.offset % 6 == 0 }.map(\.element)) + outside.prefix(10)
        let fit = training.enumerated().filter { $0.offset % 6 != 0 }.map(\.element)
        let model = try trainer.train(fit, validation: validation)
        #expect(model.header.unknownThreshold.rule == "balanced")

        let rows = Array(validation.prefix(20)) + outside.suffix(10)
        let report = EvaluationReport.evaluate(model: model, rows: rows)
        let predictions = rows.map { model.predict($0.text) }
        let inScope = rows.indices.filter { labels.contains(rows[$0].label) }
        let outOfScope = rows.indices.filter { !labels.contains(rows[$0].label) }
        let accepted = inScope.filter { !predictions[$0].isUnknown }
        let acceptedRight = accepted.filter { predictions[$0].bestLabel == rows[$0].label }
        #expect(report.rows == inScope.count && report.outOfScopeRows == outOfScope.count)
        #expect(abs(report.unknownRate - Double(inScope.count - accepted.count) / Double(inScope.count)) < 1e-12)
        #expect(abs(report.inScopeAccuracy - Double(acceptedRight.count) / Double(inScope.count)) < 1e-12)
        #expect(abs(report.acceptedAccuracy - Double(acceptedRight.count) / Double(max(1, accepted.count))) < 1e-12)
        let caught = outOfScope.filter { predictions[$0].isUnknown }.count
        #expect(abs((report.outOfScopeRecall ?? -1) - Double(caught) / Double(outOfScope.count)) < 1e-12)
        #expect(report.formatted.contains(String(format: "in_scope_accuracy=%.2f%%", report.inScopeAccuracy * 100)))
    }
}

@Suite struct SentimentEvaluationTests {
    let model: ClassifierModel

    init() throws { model = try StarterModels.sentimentModel() }

    @Test func thePipelinesSentimentIsScoredWithUrgentAsNegativeOnThreeClassData() throws {
        let urgent = "my account was hacked and money is gone, fix this today"
        #expect(SentimentScorer(model: model).assess(urgent).sentiment == .urgent)
        let threeClass = [
            LabeledText(text: urgent, label: "negative"), LabeledText(text: "thanks, great help", label: "positive"),
        ]
        let report = try EvaluationReport.evaluateSentiment(model: model, rows: threeClass)
        #expect(report.rows == 2 && report.outOfScopeRows == 0)
        #expect(report.threshold.rule == "none" && model.header.unknownThreshold.value > 0)
        #expect(!report.classes.map(\.label).contains("urgent"))
        let negative = report.classes.first { $0.label == "negative" }
        #expect(negative?.recall == 1, "\(report.classes)")
        // With an urgent label in the data, urgent stays urgent.
        let fourClass = [LabeledText(text: urgent, label: "urgent")] + threeClass.suffix(1)
        let kept = try EvaluationReport.evaluateSentiment(model: model, rows: fourClass)
        #expect(kept.classes.first { $0.label == "urgent" }?.recall == 1, "\(kept.classes)")
    }

    @Test func aModelWithOtherLabelsIsRefused() throws {
        let categories = try StarterModels.categoryModel()
        #expect(throws: TrainingError.self) {
            try EvaluationReport.evaluateSentiment(model: categories, rows: [LabeledText(text: "hi", label: "billing")])
        }
    }
}
