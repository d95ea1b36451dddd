import Foundation
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting
import TicketflowTriage

/// Intent models trained with the real sentence encoder's vectors beside the
/// n-grams: the file records the encoder, the commands need it back, and a
/// server with that encoder classifies with both blocks.
@Suite struct EncoderFeaturesTests {
    static let history = CLIRun.repositoryRoot.appendingPathComponent("demo/history.csv").path

    @Test func theModelRecordsItsEncoderAndReadsMeaningNotJustWords() async throws {
        let encoder = try EncoderEmbeddings(directory: try TestEncoderModel.directory())
        let rows = ToyRows.rows
        let vectors = try await encoder.embed(rows.map(\.text))
        let model = try ClassifierTrainer(calibrationShare: 0.25).train(
            rows, embeddings: TrainingEmbeddings(model: encoder.model, rows: vectors))
        #expect(model.header.encoder == EncoderFeatures(model: encoder.model, dimension: 384, scale: 2))
        let plain = try ClassifierTrainer(calibrationShare: 0.25).train(rows)
        #expect(model.header.version != plain.header.version, "the encoder is part of the model's identity")
        // No word shared with any training row.
        let text = "the courier hasn't turned up with my box"
        let vector = try await encoder.embed([text]).first
        #expect(model.predict(text, embedding: vector).bestLabel == "shipping")
        // The sentence vector's share of the decision is one more contribution, and they still add up.
        let explanation = model.explain(text, top: .max, embedding: vector)
        let contributions = explanation.supporting + explanation.opposing
        #expect(contributions.contains { $0.features == ["‹sentence vector›"] })
        #expect(
            abs(contributions.map(\.contribution).reduce(0, +) + explanation.interceptMargin - explanation.margin)
                < 1e-4)
        #expect(explanation.prediction == model.predict(text, embedding: vector))
        // The file keeps both blocks.
        let copy = try ModelFile.decode(try ModelFile.encode(model))
        #expect(copy.header == model.header && copy.weights == model.weights)
        #expect(copy.predict(text, embedding: vector) == model.predict(text, embedding: vector))
    }

    @Test func theCommandsTakeTheEncoderAndRefuseToGoWithoutIt() async throws {
        let directory = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let train = try await CLIRun.run(
                [
                    "model", "train", "--data", Self.history, "--text-column", "text", "--label-column", "category",
                    "--out", "m.tfm", "--encoder", directory,
                ], in: dir)
            #expect(train.status == 0, "\(train.stderr)")
            let model = try ModelFile.read(from: dir + "/m.tfm")
            #expect(model.header.encoder?.dimension == 384)

            let without = try await CLIRun.run(["model", "eval", "--model", "m.tfm", "--data", Self.history], in: dir)
            #expect(without.status == 1)
            #expect(without.stderr.contains("trained with encoder features"), "\(without.stderr)")
            let with = try await CLIRun.run(
                ["model", "eval", "--model", "m.tfm", "--data", Self.history, "--encoder", directory, "--json"],
                in: dir)
            #expect(with.status == 0, "\(with.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(with.stdout.utf8)) as? [String: Any]
            #expect((report?["accuracy"] as? Double ?? 0) > 0.9, "\(with.stdout.prefix(300))")
            let wrong = try await CLIRun.run(
                ["model", "eval", "--model", "m.tfm", "--data", Self.history, "--encoder", dir], in: dir)
            #expect(wrong.status == 1 && wrong.stderr.contains("cannot load the sentence encoder"), "\(wrong.stderr)")
        }
    }

    @Test func aServerWithTheEncoderClassifiesWithBothBlocks() async throws {
        let directory = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let encoder = try EncoderEmbeddings(directory: directory)
            let rows = ToyRows.rows
            let model = try ClassifierTrainer(calibrationShare: 0.25).train(
                rows,
                embeddings: TrainingEmbeddings(model: encoder.model, rows: try await encoder.embed(rows.map(\.text))))
            try FileManager.default.createDirectory(atPath: dir + "/models", withIntermediateDirectories: true)
            try ModelFile.write(model, to: dir + "/models/category.tfm")
            let services = try await TestApp.services(dataDirectory: dir) {
                $0.encoderDirectory = directory
                $0.answerMode = .inline
            }
            let detail = try await services.tickets.intake(
                IntakeRequest(body: "The courier hasn't turned up with my box")
            ).detail
            #expect(detail.ticket.category == "shipping")
            let triage = try #require(detail.trace.first { $0.stage == "triage" })
            #expect(triage.engine == "builtin-linear-svm+encoder" && triage.details["fallback"] == nil, "\(triage)")

            // Without the encoder the same file still classifies, on its n-grams, and the trace says so.
            let lexical = try await TestApp.services(dataDirectory: dir) { $0.answerMode = .inline }
            let second = try await lexical.tickets.intake(IntakeRequest(body: "where is my package")).detail
            let fallback = try #require(second.trace.first { $0.stage == "triage" })
            #expect(fallback.engine == "builtin-linear-svm")
            #expect(fallback.details["fallback"]?.contains("is not loaded") == true, "\(fallback.details)")
        }
    }
}

/// Three intents with a few phrasings each (the triage tests' toy set, in the app tests).
enum ToyRows {
    static let rows: [LabeledText] = [
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
                "reset my password", "I forgot my password", "password reset link not working", "change my password",
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
    ].flatMap { label, texts in texts.map { LabeledText(text: $0, label: label) } }
}
