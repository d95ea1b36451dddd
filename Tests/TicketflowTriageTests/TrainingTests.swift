import Foundation
import Testing
@testable import TicketflowTriage

/// A toy problem with three clearly separable intents and a few paraphrases each.
enum ToyData {
    static let rows: [LabeledText] = {
        let groups: [(String, [String])] = [
            (
                "refund",
                [
                    "I want a refund", "refund my money please", "give me my money back", "how do I get a refund",
                    "refund for my order", "please refund the charge", "money back for the purchase",
                    "request a refund now",
                ]
            ),
            (
                "password",
                [
                    "reset my password", "I forgot my password", "password reset link not working",
                    "change my password",
                    "cannot remember my password", "new password please", "password expired", "help me reset password",
                ]
            ),
            (
                "shipping",
                [
                    "where is my package", "track my shipment", "when will my order arrive", "delivery is late",
                    "shipping status of my parcel", "package not delivered", "tracking number for my order",
                    "how long is shipping",
                ]
            ),
        ]
        return groups.flatMap { label, texts in texts.map { LabeledText(text: $0, label: label) } }
    }()
}

@Suite struct TrainingTests {
    @Test func solverSeparatesToyClassesAndConverges() throws {
        let (space, hashed) = FeatureSpace.learn(texts: ToyData.rows.map(\.text), config: FeatureConfig())
        let labels = ["password", "refund", "shipping"]
        let targets = ToyData.rows.map { labels.firstIndex(of: $0.label)! }
        let outcome = LinearSVMTrainer().train(
            vectors: hashed.map { space.vector(for: $0) }, labels: targets, classCount: 3,
            columnCount: space.columnCount)
        for (row, target) in zip(ToyData.rows, targets) {
            #expect(ClassifierTrainer.argmax(outcome.weights.scores(space.vector(for: row.text))) == target)
        }
        // Converged well before the epoch cap.
        #expect(outcome.epochs < 3 * 1000)
    }

    @Test func trainedModelGeneralisesToParaphrases() throws {
        let model = try ClassifierTrainer(calibrationShare: 0.25).train(ToyData.rows)
        #expect(model.labels == ["password", "refund", "shipping"])
        #expect(model.predict("I need my money refunded").bestLabel == "refund")
        #expect(model.predict("my parcel has not arrived").bestLabel == "shipping")
        #expect(model.predict("forgot the password again").bestLabel == "password")
        let probabilities = model.probabilities(for: "refund please")
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
    }

    @Test func trainingIsDeterministicForASeed() throws {
        let first = try ClassifierTrainer().train(ToyData.rows)
        let second = try ClassifierTrainer().train(ToyData.rows)
        #expect(first.weights == second.weights)
        #expect(first.header.temperature == second.header.temperature)
    }

    @Test func rejectsEmptyAndSingleLabelData() {
        #expect(throws: TrainingError.self) { try ClassifierTrainer().train([]) }
        #expect(throws: TrainingError.self) {
            try ClassifierTrainer().train([LabeledText(text: "a", label: "x"), LabeledText(text: "b", label: "x")])
        }
    }

    @Test func warmStartReachesTheSameSolution() throws {
        let (space, hashed) = FeatureSpace.learn(texts: ToyData.rows.map(\.text), config: FeatureConfig())
        let vectors = hashed.map { space.vector(for: $0) }
        let targets = ToyData.rows.map { $0.label == "refund" ? 0 : 1 }
        let settings = SVMSettings(tolerance: 0.001)
        let cold = LinearSVMTrainer(settings: settings).train(
            vectors: vectors, labels: targets, classCount: 2, columnCount: space.columnCount)
        let half = cold.alphas.map { $0.map { $0 / 2 } }
        let warm = LinearSVMTrainer(settings: settings).train(
            vectors: vectors, labels: targets, classCount: 2, columnCount: space.columnCount, warmStart: half)
        let difference = zip(cold.weights.weights, warm.weights.weights).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 0.05)
    }

    @Test func stratifiedSplitHoldsBackEveryLargeClass() {
        let targets = Array(repeating: 0, count: 20) + Array(repeating: 1, count: 10) + [2, 2]
        let (fit, held) = ClassifierTrainer.stratifiedSplit(targets: targets, share: 0.2, seed: 1)
        #expect(Set(fit).isDisjoint(with: held))
        #expect(fit.count + held.count == targets.count)
        #expect(held.filter { targets[$0] == 0 }.count == 4)
        #expect(held.filter { targets[$0] == 1 }.count == 2)
        #expect(held.filter { targets[$0] == 2 }.isEmpty)
    }
}
