import Foundation
import Testing
@testable import TicketflowTriage

/// `ClassifierModel.explain`: the decided label's lead is split exactly into
/// the features' contributions and the intercepts', and the features named are
/// the text's own.
@Suite struct ExplanationTests {
    static let model: ClassifierModel = {
        try! ClassifierTrainer(calibrationShare: 0.25).train(ToyData.rows)
    }()

    @Test func contributionsAndInterceptsAddUpToTheLead() {
        for text in ["I need my money refunded", "my parcel has not arrived", "forgot the password again"] {
            let explanation = Self.model.explain(text, top: .max)
            let features = (explanation.supporting + explanation.opposing).map(\.contribution).reduce(0, +)
            #expect(
                abs(features + explanation.interceptMargin - explanation.margin) < 1e-4,
                "\(text): \(features) + \(explanation.interceptMargin) ≠ \(explanation.margin)")
            #expect(explanation.margin >= 0, "the decided label leads")
            #expect(explanation.runnerUp != nil && explanation.runnerUp != explanation.prediction.bestLabel)
        }
    }

    @Test func theStrongestSupportIsAWordOfTheDecidedLabel() {
        let explanation = Self.model.explain("please refund my order", top: 3)
        #expect(explanation.prediction.bestLabel == "refund")
        #expect(explanation.supporting.count == 3)
        let named = explanation.supporting.flatMap(\.features)
        #expect(named.contains { $0.contains("refund") }, "\(named)")
        #expect(explanation.supporting.map(\.contribution) == explanation.supporting.map(\.contribution).sorted(by: >))
        #expect(explanation.opposing.allSatisfy { $0.contribution < 0 })
    }

    @Test func wordsTrainingNeverSawAreCountedNotListed() {
        let known = Self.model.explain("refund")
        let padded = Self.model.explain("refund zyxwvq")
        #expect(padded.unseenFeatures > known.unseenFeatures)
        #expect(!(padded.supporting + padded.opposing).flatMap(\.features).contains("zyxwvq"))
    }
}
