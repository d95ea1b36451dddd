import Foundation
import Testing
import TicketflowCore
import TicketflowText
@testable import TicketflowTriage

@Suite struct UrgencySignalTests {
    let detector = UrgencySignalDetector()

    func signals(_ text: String, prior: Int = 0) -> Set<UrgencySignal> {
        Set(detector.detect(text, priorCustomerMessages: prior).map(\.signal))
    }

    @Test func findsEachKindOfSignal() {
        #expect(signals("I need this fixed today") == [.timePressure])
        #expect(signals("I will file a chargeback") == [.legalThreat])
        #expect(signals("I'll cancel and switch to a competitor") == [.churnThreat])
        #expect(signals("This is the third time I write") == [.repeatedContact])
        #expect(signals("The dashboard is down") == [.outage])
        #expect(signals("THIS IS COMPLETELY UNACCEPTABLE") == [.shouting])
        #expect(signals("what the hell, this is crap") == [.profanity])
        #expect(signals("my account was hacked") == [.security])
        #expect(signals("the charger started to smoke") == [.safetyHazard])
        #expect(signals("How do I change my password?").isEmpty)
    }

    @Test func shortAcronymsAreNotShouting() {
        #expect(!signals("The API returns a PDF with the VAT").contains(.shouting))
    }

    @Test func earlierMessagesCountAsRepeatedContact() {
        #expect(signals("any news on my refund?", prior: 2) == [.repeatedContact])
        #expect(signals("any news on my refund?", prior: 1).isEmpty)
    }
}

@Suite struct SentimentRuleTests {
    func fired(_ signals: UrgencySignal...) -> [FiredSignal] {
        signals.map { FiredSignal(signal: $0, evidence: $0.rawValue) }
    }

    @Test func urgencyBuildsFromSentimentAndSignals() {
        #expect(SentimentScorer.combine(modelLabel: "neutral", confidence: 0.9, signals: []).urgency == 2)
        #expect(
            SentimentScorer.combine(modelLabel: "negative", confidence: 0.9, signals: fired(.repeatedContact)).urgency
                == 4)
        #expect(
            SentimentScorer.combine(modelLabel: "neutral", confidence: 0.9, signals: fired(.legalThreat)).urgency == 4)
        #expect(
            SentimentScorer.combine(modelLabel: "neutral", confidence: 0.9, signals: fired(.security, .outage)).urgency
                == 5)
        #expect(
            SentimentScorer.combine(modelLabel: "positive", confidence: 0.9, signals: fired(.safetyHazard)).urgency == 5
        )
    }

    @Test func reasonNamesTheSignalsAndRiskFollowsThem() {
        let assessment = SentimentScorer.combine(
            modelLabel: "negative", confidence: 0.8, signals: fired(.legalThreat, .churnThreat))
        #expect(assessment.escalationRisk)
        #expect(assessment.reason.contains("legal or chargeback threat"))
        #expect(assessment.reason.contains("churn threat"))
        let calm = SentimentScorer.combine(modelLabel: "positive", confidence: 0.8, signals: [])
        #expect(!calm.escalationRisk)
        #expect(calm.reason.hasPrefix("No urgency signals"))
    }

    @Test func hostileSignalsOverrideAFriendlyModel() {
        #expect(
            SentimentScorer.combine(modelLabel: "neutral", confidence: 0.9, signals: fired(.profanity)).sentiment
                == .negative)
        #expect(
            SentimentScorer.combine(modelLabel: "neutral", confidence: 0.9, signals: fired(.timePressure, .outage))
                .sentiment == .urgent)
    }

    @Test func anUnsureModelKeepsItsBestLabel() throws {
        // Every prediction of this model is under its threshold; the pipeline still reads its best label.
        var model = try StarterModels.sentimentModel()
        model.header.unknownThreshold.value = 0.999
        let scorer = SentimentScorer(model: model)
        let text = "the worst experience I have had with a company, I am so disappointed"
        let prediction = model.predict(TextNormalizer().normalize(text), topK: 1)
        #expect(prediction.isUnknown && prediction.bestLabel == "negative")
        let assessment = scorer.assess(text)
        #expect(assessment.sentiment == .negative)
        #expect(assessment.urgency == 3)
        // The one-pass triage (`ticketflow triage`, POST /v1/classify) reads it the same way.
        let models = TriageModels(category: try StarterModels.categoryModel(), sentiment: model)
        #expect(models.triage(text).sentiment == .negative)
    }
}

@Suite struct UrgentNeedsEvidenceTests {
    @Test func modelUrgentWithoutSignalsCountsAsNegative() {
        let bare = SentimentScorer.combine(modelLabel: "urgent", confidence: 0.9, signals: [])
        #expect(bare.sentiment == .negative)
        #expect(bare.urgency == 3)
        let backed = SentimentScorer.combine(
            modelLabel: "urgent", confidence: 0.9, signals: [FiredSignal(signal: .timePressure, evidence: "today")])
        #expect(backed.sentiment == .urgent)
        #expect(backed.urgency == 5)
    }
}
