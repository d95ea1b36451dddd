import Foundation
import Testing
@testable import TicketflowTriage

@Suite struct CalibrationTests {
    @Test func temperatureShrinksOverconfidentScores() {
        // Scores always say class 0 with a big margin, but class 0 is right only 60% of the time.
        let scores = Array(repeating: [Float(10), Float(0)], count: 10)
        let labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
        let calibrator = TemperatureCalibrator.fit(scores: scores, labels: labels)
        let p = calibrator.probabilities([10, 0])[0]
        #expect(abs(p - 0.6) < 0.01)
        #expect(calibrator.temperature > 1)
    }

    @Test func temperatureSharpensUnderconfidentScores() {
        let scores = Array(repeating: [Float(0.2), Float(0)], count: 10)
        let labels = Array(repeating: 0, count: 9) + [1]
        let calibrator = TemperatureCalibrator.fit(scores: scores, labels: labels)
        #expect(abs(calibrator.probabilities([0.2, 0])[0] - 0.9) < 0.01)
        #expect(calibrator.temperature < 1)
    }

    @Test func expectedCalibrationErrorMeasuresTheGap() {
        #expect(CalibrationError.expected(confidences: [0.9, 0.9], correct: [true, false]) - 0.4 < 1e-9)
        #expect(CalibrationError.expected(confidences: [0.5, 0.5], correct: [true, false]) < 1e-9)
        #expect(abs(CalibrationError.expected(confidences: [1.0], correct: [false]) - 1) < 1e-9)
    }

    @Test func trainedModelIsBetterCalibratedThanRawSoftmax() throws {
        let model = try ClassifierTrainer(name: "starter").train(StarterCategoryData.examples)
        #expect(model.header.metrics.eceAfter <= model.header.metrics.eceBefore)
        #expect(model.header.metrics.calibrationRows > 0)
    }
}

@Suite struct UnknownThresholdTests {
    @Test func coverageRuleKeepsNinetyFivePercent() {
        let inScope = (1...100).map { (confidence: Double($0) / 100, correct: true) }
        let threshold = UnknownThreshold.choose(inScope: inScope, outOfScope: [])
        #expect(threshold.rule == "coverage")
        #expect(inScope.filter { $0.confidence >= threshold.value }.count == 95)
    }

    @Test func coverageRuleIsCapped() {
        let inScope = Array(repeating: (confidence: 0.99, correct: true), count: 50)
        #expect(UnknownThreshold.choose(inScope: inScope, outOfScope: []).value == UnknownThreshold.ceiling)
    }

    @Test func balancedRuleSeparatesOutOfScope() {
        let inScope = [0.9, 0.8, 0.85, 0.95, 0.7].map { (confidence: $0, correct: true) }
        let outOfScope = [0.3, 0.4, 0.2, 0.5]
        let threshold = UnknownThreshold.choose(inScope: inScope, outOfScope: outOfScope)
        #expect(threshold.rule == "balanced")
        #expect(threshold.value > 0.5 && threshold.value <= 0.7)
    }

    @Test func validationRowsWithUnseenLabelsDriveTheBalancedRule() throws {
        let validation = [
            LabeledText(text: "refund for the order please", label: "refund"),
            LabeledText(text: "reset the password", label: "password"),
            LabeledText(text: "track the parcel", label: "shipping"),
            LabeledText(text: "what is the weather in paris", label: "out_of_scope"),
            LabeledText(text: "tell me a joke about cats", label: "out_of_scope"),
        ]
        let model = try ClassifierTrainer().train(ToyData.rows, validation: validation)
        #expect(model.header.unknownThreshold.rule == "balanced")
        #expect(model.header.metrics.calibrationSource == "validation file (too few to fit a temperature: T = 1)")
        #expect(model.header.metrics.calibrationRows == 3)
        #expect(model.header.temperature == 1, "three rows are no evidence for a temperature")
    }

    @Test func aTemperatureIsFittedOnlyOnEnoughRows() throws {
        // 24 rows, 25% held back: 6 rows, too few; the starter sets hold back 21 and 28.
        let few = try ClassifierTrainer(calibrationShare: 0.25).train(ToyData.rows)
        #expect(few.header.metrics.calibrationRows < ClassifierTrainer.minimumCalibrationRows)
        #expect(few.header.temperature == 1)
        let starter = try StarterModels.categoryModel()
        #expect(starter.header.metrics.calibrationRows >= ClassifierTrainer.minimumCalibrationRows)
        #expect(starter.header.temperature != 1 && starter.header.metrics.calibrationSource.hasPrefix("held-back"))
    }
}
