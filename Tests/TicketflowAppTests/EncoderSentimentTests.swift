import Foundation
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting
import TicketflowTriage

/// With the sentence encoder, the default sentiment model reads meaning: plain
/// requests stay neutral, frustration is caught without its usual words, and
/// the urgency signals still raise legal, security, safety and deadline cases.
@Suite struct EncoderSentimentTests {
    @Test func theDefaultSentimentOnTheEncoderReadsSupportText() async throws {
        let directory = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) {
                $0.encoderDirectory = directory
                $0.answerMode = .inline
            }
            let engine = services.engines.triage
            #expect(engine.models.sentiment.model.header.encoder != nil)
            #expect(engine.models.sentiment.model.header.name == "starter-sentiment-encoder")
            func triage(_ text: String) async -> TriageResult { await engine.classify(text) }

            for calm in [
                "I was charged twice this month", "hi", "How do I change the shipping address on my order?",
                "I need help cancelling my subscription",
            ] {
                let result = await triage(calm)
                #expect(result.sentiment == .neutral && result.urgency <= 3, "\(calm): \(result.sentiment)")
                #expect(result.route == .aiOnly || result.routing.cell != "negative/any", "\(calm)")
            }
            let upset = await triage("Nobody has bothered to answer me in a week, I'm done with this company")
            #expect(upset.sentiment == .negative || upset.sentiment == .urgent, "\(upset.sentiment)")
            let happy = await triage("Thank you so much, the new one works perfectly")
            #expect(happy.sentiment == .positive, "\(happy.sentiment)")

            // The signals keep their evidence rule on top of the model.
            // The texts of the n-gram engine's tests, and two more.
            for pressing in [
                "I will contact my lawyer if this is not fixed",
                "URGENT my account was HACKED and someone made fraudulent charges, fix it NOW!!",
                "The heater sparked and there is smoke coming out",
                "Third time I write: the site is down and we lose sales, fix it today or I call my lawyer",
                "Our checkout is down and we are losing sales, please fix it asap",
            ] {
                let result = await triage(pressing)
                #expect(result.urgency >= 4, "\(pressing): urgency \(result.urgency)")
            }

            // The pipeline computes the sentence vector once and both stages use it.
            let detail = try await services.tickets.intake(IntakeRequest(body: "Thank you, that was quick")).detail
            let stage = try #require(detail.trace.first { $0.stage == "sentiment" })
            #expect(stage.engine == "builtin-linear-svm+encoder+signals", "\(stage)")
            #expect(detail.ticket.sentiment == .positive)
        }
    }
}
