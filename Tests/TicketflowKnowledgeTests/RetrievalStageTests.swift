import Foundation
import Testing
import TicketflowCore
@testable import TicketflowKnowledge

@Suite("Retrieval stage")
struct RetrievalStageTests {
    func context(subject: String, body: String, category: String?) -> TicketContext {
        let now = Date(timeIntervalSince1970: 0)
        var ticket = Ticket(id: 1, channel: .email, subject: subject, createdAt: now)
        ticket.category = category
        return TicketContext(
            ticket: ticket, customer: nil, history: [],
            incoming: NewMessage(author: .customer, body: body, createdAt: now))
    }

    @Test func fillsRetrievedAndWritesIDsAndScoresToTheTrace() async throws {
        let index = KnowledgeIndex()
        index.upsert(articles: KnowledgeIndexTests.articles)
        let stage = RetrievalStage(index: index, topK: 3, minScore: 0.75)
        var context = context(subject: "Password", body: "I forgot my password and cannot login", category: "account")
        let report = try await stage.process(&context)
        #expect(context.retrieved.first?.articleID == "password")
        #expect(context.retrieved.allSatisfy { $0.score >= 0.75 })
        #expect(report.details["retrieved_ids"] == context.retrieved.map(\.chunkID).joined(separator: ","))
        #expect(report.details["retrieved_scores"]?.split(separator: ",").count == context.retrieved.count)
        #expect(report.details["boost_category"] == "account")
        #expect(report.engine == "bm25")
        #expect(report.engineVersion == "k1=0.900,b=0.900")
        #expect(report.score == context.retrieved.first?.score)
        #expect(report.details["spelling_corrections"] == nil, "every word was known")
    }

    @Test func spellingCorrectionsAreTraced() async throws {
        let index = KnowledgeIndex()
        index.upsert(articles: KnowledgeIndexTests.articles)
        var context = context(subject: "", body: "I forgot my pasword", category: nil)
        let report = try await RetrievalStage(index: index).process(&context)
        #expect(context.retrieved.first?.articleID == "password")
        #expect(report.details["spelling_corrections"] == "pasword→password")

        var configuration = KnowledgeIndexConfiguration()
        configuration.expansion = QueryExpansion()
        let expanding = KnowledgeIndex(configuration: configuration)
        expanding.upsert(articles: KnowledgeIndexTests.articles)
        var again = self.context(subject: "", body: "I forgot my pasword", category: nil)
        let expanded = try await RetrievalStage(index: expanding).process(&again)
        #expect(
            expanded.engineVersion == "k1=0.900,b=0.900,prf=5x10@0.200",
            "expansion changes ranking, so it is part of the version")
    }

    @Test func aHybridIndexUsesItsOwnThreshold() async throws {
        let lexicalIndex = KnowledgeIndex()
        lexicalIndex.upsert(articles: KnowledgeIndexTests.articles)
        let hybridIndex = KnowledgeIndex(embeddings: BagOfWordsEmbeddings())
        hybridIndex.upsert(articles: KnowledgeIndexTests.articles)
        try await hybridIndex.embedPending()
        for (index, expected) in [(lexicalIndex, "0.990"), (hybridIndex, "0.100")] {
            var stage = RetrievalStage(index: index, minScore: 0.99)
            stage.hybridMinScore = 0.1
            var context = context(subject: "", body: "refund money back", category: nil)
            let report = try await stage.process(&context)
            #expect(report.details["min_score"] == expected)
            #expect(context.retrieved.allSatisfy { $0.score >= Double(expected)! })
        }
    }

    @Test func nearMissesAreTracedButNotPassedOn() async throws {
        let index = KnowledgeIndex()
        index.upsert(articles: KnowledgeIndexTests.articles)
        var context = context(subject: "", body: "refund for my quantum teleporter subscription", category: nil)
        let report = try await RetrievalStage(index: index, minScore: 0.99).process(&context)
        #expect(context.retrieved.isEmpty)
        #expect(report.details["below_min_ids"]?.isEmpty == false)
        #expect(report.output.hasPrefix("no passage"))
    }
}
