import Foundation
import Testing
import TicketflowText
@testable import TicketflowTriage

@Suite struct PolarityFeatureTests {
    /// Rows whose words never recur in the test texts: only the lexicon can carry what they teach.
    let rows = [
        ("Wonderful job", "positive"), ("Brilliant, thank you", "positive"), ("Superb work team", "positive"),
        ("Excellent result", "positive"), ("Fantastic news", "positive"), ("Perfect, cheers", "positive"),
        ("Awful delay", "negative"), ("Terrible mess", "negative"), ("Horrible experience", "negative"),
        ("Disgusting attitude", "negative"), ("Pathetic reply", "negative"), ("Dreadful product", "negative"),
    ].map { LabeledText(text: $0.0, label: $0.1) }

    func train(polarity: Double?) throws -> ClassifierModel {
        var trainer = ClassifierTrainer(name: "polarity-test")
        trainer.polarityScale = polarity
        return try trainer.train(rows)
    }

    @Test func theLexiconBlockCarriesFeelingToWordsTrainingNeverSaw() throws {
        let model = try train(polarity: 2)
        #expect(model.header.polarity == PolarityFeatures(scale: 2))
        #expect(model.denseColumns == PolarityFeatures.dimension)
        #expect(model.weights.columnCount == model.space.columnCount + PolarityFeatures.dimension)
        let unseen = ["I love it, so happy", "great stuff", "worst ever, I hate this", "sad and angry"]
        #expect(unseen.map { model.predict($0).bestLabel } == ["positive", "positive", "negative", "negative"])
        // The same path through a normalised text and through shared hashed features.
        let normalized = TextNormalizer().normalize("worst ever, I hate this")
        let shared = model.predict(normalized, features: model.space.features(of: normalized))
        #expect(shared == model.predict("worst ever, I hate this"))
    }

    @Test func theBlockChangesTheDataHashAndSurvivesTheModelFile() throws {
        let plain = try train(polarity: nil)
        let model = try train(polarity: 2)
        #expect(plain.header.polarity == nil && plain.denseColumns == 0)
        #expect(plain.header.trainingDataHash != model.header.trainingDataHash)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("polarity-\(UUID()).tfm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.write(model, to: path)
        let read = try ModelFile.read(from: path)
        #expect(read.header.polarity == model.header.polarity)
        for text in ["I love it", "this is awful", "where is my parcel"] {
            #expect(read.predict(text) == model.predict(text))
        }
    }

    @Test func aModelNamingAnotherLexiconIsRefused() throws {
        var model = try train(polarity: 1)
        model.header.polarity = PolarityFeatures(lexicon: "vader-9", scale: 1)
        let data = try ModelFile.encode(model)
        #expect {
            try ModelFile.decode(data)
        } throws: { error in
            (error as? ModelFileError)?.code == .unsupportedVersion
                && "\(error)".contains("vader-9")
        }
    }

    @Test func explanationsNameTheLexicon() throws {
        let explanation = try train(polarity: 2).explain("I hate this")
        let named = (explanation.supporting + explanation.opposing).flatMap(\.features)
        #expect(named.contains { $0.hasPrefix("‹polarity lexicon -") }, "\(named)")
    }
}
