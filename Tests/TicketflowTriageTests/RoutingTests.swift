import Foundation
import Testing
import TicketflowCore
@testable import TicketflowTriage

@Suite struct PriorityMatrixTests {
    let matrix = PriorityMatrix.defaults

    @Test func defaultsFollowTheDesign() {
        #expect(matrix.route(category: "billing", sentiment: .urgent, urgency: 5).route == .humanNow)
        #expect(matrix.route(category: "product_question", sentiment: .urgent, urgency: 5).route == .aiDraftHumanReview)
        #expect(matrix.route(category: "billing", sentiment: .negative, urgency: 3).route == .aiDraftHumanReview)
        #expect(matrix.route(category: "product_question", sentiment: .negative, urgency: 3).route == .aiOnly)
        #expect(matrix.route(category: "billing", sentiment: .neutral, urgency: 2).route == .aiOnly)
        #expect(matrix.route(category: "billing", sentiment: .neutral, urgency: 2).cell == "urgency_1_3/any")
    }

    @Test func urgencyFourNeverGetsAnUnreviewedAnswer() {
        // The product_question cell asks for ai_only at urgency 4; the safety rule wins.
        let decision = matrix.route(category: "product_question", sentiment: .neutral, urgency: 4)
        #expect(decision.matrixRoute == .aiOnly)
        #expect(decision.route == .aiDraftHumanReview)
        #expect(decision.safetyRule == "urgency_4_plus_needs_review")
        let permissive = PriorityMatrix(rules: [MatrixRule(name: "all", route: .aiOnly)])
        for urgency in 4...5 {
            #expect(permissive.route(category: "billing", sentiment: .urgent, urgency: urgency).route != .aiOnly)
        }
    }

    @Test func unknownCategoryGoesToHumanReview() {
        let decision = matrix.route(category: "unknown", sentiment: .neutral, urgency: 1)
        #expect(decision.route == .aiDraftHumanReview)
        #expect(decision.safetyRule == "unknown_category_needs_review")
    }

    @Test func loadsFromJSONConfig() throws {
        let json = """
            {"fallback": "human_now", "rules": [
              {"name": "vip", "categories": ["billing"], "sentiments": ["negative"], "route": "human_now"},
              {"name": "calm", "max_urgency": 2, "route": "ai_only"}]}
            """
        let custom = try PriorityMatrix.load(json: Data(json.utf8))
        #expect(custom.route(category: "billing", sentiment: .negative, urgency: 3).cell == "vip")
        #expect(custom.route(category: "technical", sentiment: .neutral, urgency: 1).route == .aiOnly)
        #expect(custom.route(category: "technical", sentiment: .neutral, urgency: 3).cell == "fallback")
        #expect(
            try JSONDecoder().decode(PriorityMatrix.self, from: JSONEncoder().encode(PriorityMatrix.defaults))
                == .defaults)
    }
}
