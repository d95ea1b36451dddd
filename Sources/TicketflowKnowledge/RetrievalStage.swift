import Foundation
import TicketflowCore

/// The pipeline's retrieval step: finds knowledge-base passages for the
/// ticket, boosting its triaged category, and records what it found (and what
/// it rejected as below the minimum score) in the decision trace.
public struct RetrievalStage: PipelineStage {
    /// Trace name of the stage.
    public let name = "retrieve"
    /// The live knowledge index it queries.
    public let index: KnowledgeIndex
    /// Most passages handed to answering.
    public var topK: Int
    /// Normalised score a passage needs to be used (0.75 by default).
    public var minScore: Double
    /// The threshold once the index ranks with vectors (nil: `minScore`). A sentence encoder's cosine lives
    /// lower on the 0–1 scale than normalised BM25 for a passage that is just as right, so one threshold cannot
    /// serve both (`kb eval --calibration` shows the curve).
    public var hybridMinScore: Double?
    /// Removes personal data from the query before it is searched (and, with
    /// embeddings, sent to the embeddings endpoint). Also a quality matter:
    /// an email address or card number never matches an article, yet its
    /// unknown words weigh most in the score's reference and sink good passages.
    public var queryCleaner: (@Sendable (String) -> String)?

    /// Creates the stage with the DESIGN defaults: top 3, min score 0.75.
    public init(
        index: KnowledgeIndex, topK: Int = 3, minScore: Double = 0.75,
        queryCleaner: (@Sendable (String) -> String)? = nil
    ) {
        self.index = index
        self.topK = topK
        self.minScore = minScore
        self.queryCleaner = queryCleaner
    }

    /// Fills `context.retrieved`, best first.
    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let query = queryCleaner?(context.triageText) ?? context.triageText
        let category = context.ticket.category
        // Ask without the threshold so the trace can show near misses.
        let outcome = await index.retrieveExplained(
            RetrievalRequest(query: query, topK: topK, minScore: 0, boostCategory: category),
            computed: context.sentenceVector)
        let candidates = outcome.passages
        let hybrid = candidates.contains { $0.signals.contains("dense") }
        let minScore = hybrid ? hybridMinScore ?? self.minScore : self.minScore
        let kept = candidates.filter { $0.score >= minScore }
        let rejected = candidates.filter { $0.score < minScore }
        context.retrieved = kept

        let parameters = index.configuration.bm25
        var details: [String: String] = [
            "retrieved_ids": kept.map(\.chunkID).joined(separator: ","),
            "retrieved_scores": kept.map { Self.format($0.score) }.joined(separator: ","),
            "retrieved_signals": kept.map { $0.signals.joined(separator: "+") }.joined(separator: ","),
            // Titles for the escalation package; one per line because titles may hold commas.
            "retrieved_titles": Self.uniqueTitles(kept).joined(separator: "\n"),
            "top_k": String(topK),
            "min_score": Self.format(minScore),
        ]
        if let category { details["boost_category"] = category }
        if hybrid {
            details["retrieved_similarities"] = kept.map { Self.format($0.similarity ?? 0) }.joined(separator: ",")
        }
        if !outcome.spellingCorrections.isEmpty {
            details["spelling_corrections"] = outcome.spellingCorrections.map { "\($0.typed)→\($0.corrected)" }.joined(
                separator: ",")
        }
        if !rejected.isEmpty {
            details["below_min_ids"] = rejected.map(\.chunkID).joined(separator: ",")
            details["below_min_scores"] = rejected.map { Self.format($0.score) }.joined(separator: ",")
        }
        let output =
            kept.isEmpty
            ? "no passage scored ≥ \(Self.format(minScore))"
            : "\(kept.count) passage(s): "
                + kept.map { "\($0.chunkID) (\(Self.format($0.score)))" }.joined(separator: ", ")
        return StageReport(
            input: "query of \(query.count) characters" + (category.map { ", category \($0)" } ?? ""),
            output: output, score: kept.first?.score ?? candidates.first?.score,
            engine: hybrid ? "hybrid-bm25-dense" : "bm25",
            engineVersion: "k1=\(Self.format(parameters.k1)),b=\(Self.format(parameters.b))"
                + (index.configuration.expansion.map { ",prf=\($0.documents)x\($0.terms)@\(Self.format($0.weight))" }
                    ?? "")
                + (index.embeddings.map { ",model=\($0.model)" } ?? ""),
            details: details)
    }

    /// Article titles of the passages, best first, each once.
    static func uniqueTitles(_ passages: [RetrievedPassage]) -> [String] {
        var seen = Set<String>()
        return passages.map(\.title).filter { seen.insert($0).inserted }
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
