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

    @Test func outOfScopeRowsKeepTheTemperatureFromCollapsing() {
        // Every in-scope row is right by a wide margin; out-of-scope rows lean as hard, a little less.
        let inScope: [[Float]] = (0..<30).map { i in i % 2 == 0 ? [4, 0, 0] : [0, 4, 0] }
        let labels = (0..<30).map { $0 % 2 }
        let outside: [[Float]] = Array(repeating: [2, 1, 0], count: 30)
        let alone = TemperatureCalibrator.fit(scores: inScope, labels: labels)
        // The in-scope loss is flat near zero for any small T, so the fit lands anywhere down there, and at
        // such a temperature an out-of-scope row is as sure as an in-scope one: no threshold separates them.
        #expect(alone.temperature < 0.2, "\(alone.temperature)")
        #expect(alone.probabilities([2, 1, 0])[0] > 0.999)
        let both = TemperatureCalibrator.fit(scores: inScope, labels: labels, outOfScope: outside)
        #expect(both.temperature > 0.3, "\(both.temperature)")
        let sure = both.probabilities([4, 0, 0])[0]
        let unsure = both.probabilities([2, 1, 0])[0]
        #expect(sure > 0.85 && unsure < sure - 0.2, "\(sure) \(unsure)")
    }

    @Test func uniformCrossEntropyIsLeastForEqualScores() {
        #expect(abs(TemperatureCalibrator.uniformCrossEntropy(scores: [[1, 1, 1, 1]], temperature: 1) - log(4)) < 1e-9)
        let leaning = TemperatureCalibrator.uniformCrossEntropy(scores: [[3, 0, 0, 0]], temperature: 1)
        #expect(leaning > log(4))
        // No saturation: a hundredfold sharper lean costs about a hundred times as much, not a clamp.
        let sharp = TemperatureCalibrator.uniformCrossEntropy(scores: [[3, 0, 0, 0]], temperature: 0.01)
        #expect(sharp > 200)
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
