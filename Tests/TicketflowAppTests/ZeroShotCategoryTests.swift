import Foundation
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowEscalation
import TicketflowLearning
import TicketflowTesting
import TicketflowTriage

/// Declared categories classified by the real sentence encoder from their
/// examples alone, in the pipeline and `/v1/classify`, until a model trained
/// on agents' relabels scores better on held-back relabels and takes over.
@Suite struct ZeroShotCategoryTests {
    static func shopCategories() throws -> [CategoryDefinition] {
        let file = CLIRun.repositoryRoot.appendingPathComponent("demo/shop-setup.json").path
        return try AppConfiguration.load(environment: [:], configFile: file).team.categories
    }

    @Test func theEncoderClassifiesParaphrasesOfTheExamples() async throws {
        let encoder = try EncoderEmbeddings(directory: try TestEncoderModel.directory())
        let categories = try Self.shopCategories()
        let zeroShot = try await ZeroShotCategories.build(categories, embedder: encoder)
        #expect(zeroShot.labels == categories.map(\.name))
        #expect(zeroShot.encoderModel == encoder.model && zeroShot.version.hasPrefix("zero-shot@"))
        let cases = [
            ("the courier still hasn't dropped off my box", "shipping"),
            ("my credit card got billed two times for one purchase", "payment"),
            ("I can't log in, it keeps saying wrong credentials", "account"),
        ]
        for (text, label) in cases {
            let prediction = try await zeroShot.predict(text, embedder: encoder)
            #expect(prediction.bestLabel == label, "\(text): \(prediction.top)")
            #expect(abs(prediction.top.map(\.probability).reduce(0, +) - 1) < 0.05)
        }
        // Calibrated on the examples themselves, left out one at a time.
        #expect(zeroShot.calibrator.temperature > 0.001 && zeroShot.calibrator.temperature < 1)
        #expect(zeroShot.unknownThreshold.rule == "coverage")
        // Other examples make another model.
        var changed = categories
        changed[0].examples[0] = "I would like to cancel the order I placed yesterday"
        #expect(try await ZeroShotCategories.build(changed, embedder: encoder).version != zeroShot.version)
    }

    @Test func explainShowsTheNearestDeclaredExamples() async throws {
        let directory = try TestEncoderModel.directory()
        let setup = CLIRun.repositoryRoot.appendingPathComponent("demo/shop-setup.json").path
        try await withTemporaryDirectory { dir in
            let result = try await CLIRun.run(
                [
                    "model", "explain", "the courier hasn't dropped off my box yet", "--setup", setup, "--encoder",
                    directory, "--top", "3", "--json",
                ], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect((object?["prediction"] as? [String: Any])?["label"] as? String == "shipping")
            let nearest = object?["nearest"] as? [[String: Any]] ?? []
            #expect(nearest.count == 3 && nearest.first?["label"] as? String == "shipping", "\(nearest)")
            let cosines = nearest.compactMap { $0["cosine"] as? Double }
            #expect(cosines == cosines.sorted(by: >))
            let missing = try await CLIRun.run(["model", "explain", "hi", "--setup", setup], in: dir)
            #expect(missing.status == 64 && missing.stderr.hasPrefix("error: --setup needs --encoder DIR"))
        }
    }

    @Test func theServerTriagesZeroShotUntilATrainedModelBeatsIt() async throws {
        let model = try TestEncoderModel.directory()
        let categories = try Self.shopCategories()
        try await withTestClient(
            configure: {
                $0.encoderDirectory = model
                $0.team.categories = categories
                $0.answerMode = .inline
            }
        ) { client, services in
            let zeroShot = try #require(services.engines.triage.models.zeroShot)
            let detail = try await services.tickets.intake(
                IntakeRequest(body: "The courier still hasn't dropped off my box")
            ).detail
            #expect(detail.ticket.category == "shipping")
            let triage = try #require(detail.trace.first { $0.stage == "triage" })
            #expect(triage.engine == "builtin-encoder-zero-shot" && triage.engineVersion == zeroShot.model.version)

            let classified = try json(
                try await client.post("/v1/classify", #"{"text": "my credit card got billed two times"}"#))
            #expect(classified["category"] as? String == "payment", "\(classified)")
            #expect(classified["category_model_version"] as? String == zeroShot.model.version)

            // Agents file gift-card tickets under a category the team never declared.
            try await LearningLoopTests.relabelGiftTickets(services)
            let report = try await LearningLoop(store: services.store, engines: services.engines).retrain()
            #expect(report.oldAccuracy == 0, "the zero-shot model has no gift_cards: \(report)")
            #expect(report.swapped && report.newAccuracy > 0, "\(report)")
            let models = services.engines.triage.models
            #expect(models.zeroShot == nil, "the trained model took over")
            #expect(Set(models.category.labels).isSuperset(of: ["gift_cards", "shipping", "payment"]))
            #expect(
                models.category.header.encoder?.model == services.engines.encoder?.model, "trained with the encoder")
            #expect(await services.engines.triage.classify("How do I redeem my gift card?").category == "gift_cards")
        }
    }
}
