import Foundation
import Testing
import TicketflowCore
@testable import TicketflowTriage

@Suite struct ModelFileTests {
    @Test func roundTripsAModel() throws {
        let model = try ClassifierTrainer(name: "toy").train(ToyData.rows)
        let data = try ModelFile.encode(model)
        #expect(Array(data.prefix(4)) == Array("TFLM".utf8))
        let loaded = try ModelFile.decode(data)
        #expect(loaded.header == model.header)
        #expect(loaded.weights == model.weights)
        for row in ToyData.rows {
            #expect(loaded.predict(row.text) == model.predict(row.text))
        }
    }

    @Test func rejectsForeignTruncatedAndFutureFiles() throws {
        let data = try ModelFile.encode(try ClassifierTrainer().train(ToyData.rows))
        #expect(throws: ModelFileError.self) { try ModelFile.decode(Data("hello world, not a model".utf8)) }
        #expect(throws: ModelFileError.self) { try ModelFile.decode(data.prefix(data.count - 3)) }
        var future = data
        future[4] = 99
        #expect { try ModelFile.decode(future) } throws: { ($0 as? ModelFileError)?.code == .unsupportedVersion }
    }
}

@Suite struct EngineTests {
    func context(_ body: String, history: [Message] = []) -> TicketContext {
        let ticket = Ticket(id: 1, channel: .email, subject: "", createdAt: Date(timeIntervalSince1970: 0))
        return TicketContext(
            ticket: ticket, customer: nil, history: history,
            incoming: NewMessage(author: .customer, body: body, createdAt: Date(timeIntervalSince1970: 0)))
    }

    @Test func starterModelsTriageSensibly() throws {
        let engine = try TriageEngine.starter()
        #expect(
            engine.models.category.labels == [
                "account", "billing", "complaint", "feature_request", "product_question", "technical",
            ])
        let billing = engine.triage("I was charged twice on my credit card for the same invoice")
        #expect(billing.topCategories.first?.label == "billing")
        let angry = engine.triage(
            "Third time I write: the site is down and we lose sales, fix it today or I call my lawyer")
        #expect(angry.urgency == 5)
        #expect(angry.route == .humanNow)
        #expect(angry.escalationRisk)
    }

    @Test func pipelineStagesWriteTicketAndTrace() async throws {
        let engine = try TriageEngine.starter()
        let pipeline = Pipeline(stages: [
            TriageStage(engine: engine), SentimentStage(engine: engine), RoutingStage(engine: engine),
        ])
        var calm = context("How do I export my reports to PDF?")
        await pipeline.run(&calm)
        #expect(calm.failedStages.isEmpty)
        #expect(calm.ticket.category != nil && calm.ticket.urgency != nil && calm.ticket.route != nil)
        #expect(calm.trace.map(\.stage) == ["triage", "sentiment", "routing"])
        #expect(calm.trace[2].details["cell"] != nil)
        #expect(calm.ticket.status == (calm.ticket.route == .humanNow ? .escalated : .triaged))

        var hacked = context("URGENT my account was HACKED and someone made fraudulent charges, fix it NOW!!")
        await pipeline.run(&hacked)
        #expect(hacked.ticket.route == .humanNow)
        #expect(hacked.ticket.status == .escalated)
        #expect(hacked.ticket.escalationReason?.contains("security") == true)
    }

    @Test func routingWithoutSentimentFallsBackToReview() async throws {
        let engine = try TriageEngine.starter()
        var lone = context("anything")
        let report = try await RoutingStage(engine: engine).process(&lone)
        #expect(lone.ticket.route == .aiDraftHumanReview)
        #expect(report.details["safety_rule"] == "missing_triage_needs_review")
    }

    @Test func modelsSwapAtRuntime() throws {
        let engine = try TriageEngine.starter()
        let before = engine.models.category.labels
        engine.replaceCategoryModel(try ClassifierTrainer(name: "toy").train(ToyData.rows))
        #expect(before != engine.models.category.labels)
        #expect(engine.triage("where is my package").topCategories.first?.label == "shipping")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("triage-\(UUID()).tfm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("broken".utf8).write(to: URL(fileURLWithPath: path))
        // The error names the file: a command may read two (--model and --sentiment-model).
        #expect { try engine.reloadCategoryModel(from: path) } throws: { error in
            (error as? ModelFileError)?.message == "\(path): not a Ticketflow model file (bad magic)"
        }
        #expect(engine.models.category.header.name == "toy")
    }

    /// Greetings and punctuation name no category, however sure the model is ("?" was
    /// product_question at 1.00): they are `unknown`, so a person reads them.
    @Test func tooLittleTextIsUnknown() throws {
        let engine = try TriageEngine.starter()
        for text in ["hi", "?", "hello there", "help", "ok thanks!", "Good morning :)", "👋", ""] {
            let result = engine.triage(text)
            #expect(result.category == "unknown", "\(text): \(result.category)")
            #expect(result.route != .aiOnly, "\(text)")
        }
        for (text, category) in [("refund", "billing"), ("hi, I was charged twice", "billing")] {
            #expect(engine.triage(text).category == category, "\(text)")
        }
        #expect(!TooLittleText.applies(to: "order 12345"))
        #expect(!TooLittleText.applies(to: "hola"), "another language's words are words")
    }

    @Test func resultEncodesWithSnakeCaseKeys() throws {
        let result = try TriageEngine.starter().triage("Please add a dark mode")
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        for key in [
            "\"category_confidence\"", "\"escalation_risk\"", "\"escalation_reason\"", "\"top_categories\"",
            "\"matrix_route\"",
        ] {
            #expect(json.contains(key))
        }
        #expect(json.contains("\"route\""))
    }
}
