import Foundation
import Testing
@testable import TicketflowKnowledge

@Suite("Retrieval evaluation")
struct RetrievalEvaluationTests {
    @Test func metricsMatchHandComputedValues() {
        // q1: first relevant at rank 2 of 2 relevant; q2: relevant at rank 1; q3: nothing found.
        let rankings = ["q1": ["x", "a", "b"], "q2": ["c", "y"], "q3": ["z"]]
        let relevant: [String: Set<String>] = ["q1": ["a", "b"], "q2": ["c"], "q3": ["d"]]
        let report = RetrievalEvaluation.score(rankings: rankings, relevant: relevant, queries: ["q1", "q2", "q3"])
        #expect(report.queries == 3)
        #expect(abs(report.successAt1 - 1.0 / 3) < 1e-12)
        #expect(abs(report.successAt3 - 2.0 / 3) < 1e-12)
        #expect(abs(report.mrrAt10 - (0.5 + 1) / 3) < 1e-12)
        #expect(abs(report.recallAt10 - (1 + 1) / 3.0) < 1e-12)
        // q1: DCG = 1/log2(3) + 1/log2(4), IDCG = 1 + 1/log2(3); q2: 1; q3: 0.
        let q1 = (1 / log2(3.0) + 0.5) / (1 + 1 / log2(3.0))
        #expect(abs(report.ndcgAt10 - (q1 + 1) / 3) < 1e-12)
    }

    @Test func percentileIsNearestRank() {
        let values = (1...100).map(Double.init)
        // Index round(0.5 · 99) = 50 (Python rounds half to even), so the 51st value, as the peer reports.
        #expect(RetrievalEvaluation.percentile(values, 0.5) == 51)
        #expect(RetrievalEvaluation.percentile(values, 0.99) == 99)
        #expect(RetrievalEvaluation.percentile([], 0.5) == 0)
    }

    func writeCollection(in folder: TemporaryFolder) throws -> (String, String, String) {
        let docs = try folder.write(
            "docs.jsonl",
            """
            {"id": "d1", "title": "Reset your password", "body": "Use the forgot password link on the login page."}
            {"id": "d2", "title": "Download invoices", "body": "Invoices are PDF files under Billing."}
            {"id": "d3", "title": "Cancel a subscription", "body": "Cancel any time in Settings, Plan."}
            """)
        let queries = try folder.write(
            "queries.jsonl",
            """
            {"id": "q1", "text": "I forgot my password"}
            {"id": "q2", "text": "where can I get my invoice pdf"}
            {"id": "q3", "text": "no judgement for this one"}
            """)
        let qrels = try folder.write("qrels.tsv", "q1\td1\t1\nq2\td2\t1\nq2\td3\t0\n")
        return (docs, queries, qrels)
    }

    @Test func loadsCollectionsAndRunsThemEndToEnd() async throws {
        let folder = try TemporaryFolder()
        let (docs, queries, qrels) = try writeCollection(in: folder)
        let dataset = try RetrievalDataset.load(documents: docs, queries: queries, qrels: qrels)
        #expect(dataset.documents.count == 3)
        #expect(dataset.queries.map(\.id) == ["q1", "q2"])  // q3 has no relevant document
        #expect(dataset.relevant["q2"] == ["d2"])
        let report = try await RetrievalEvaluation().run(dataset)
        #expect(report.successAt1 == 1)
        #expect(report.mrrAt10 == 1)
        #expect(report.chunks == 3)
        #expect(report.p50Milliseconds > 0)
        #expect(report.calibration.points.count == ScoreCalibration.defaultThresholds.count)
        #expect(report.calibration.points.allSatisfy { $0.precision == 1 }, "both top passages are right")
    }

    @Test func theCalibrationCurveCountsWhatEachThresholdKeeps() {
        let curve = ScoreCalibration.curve(
            tops: [(0.9, true), (0.8, true), (0.6, false), (0.5, true), (0.2, false)], thresholds: [0.3, 0.7, 0.95])
        #expect(curve.points.map(\.answered) == [0.8, 0.4, 0])
        #expect(curve.points.map(\.precision) == [0.75, 1, 1])
    }

    @Test func paddingIsDeterministicAndNeverRelevant() throws {
        let folder = try TemporaryFolder()
        let (docs, queries, qrels) = try writeCollection(in: folder)
        let dataset = try RetrievalDataset.load(documents: docs, queries: queries, qrels: qrels)
        let a = dataset.padded(with: 50)
        let b = dataset.padded(with: 50)
        #expect(a.documents.count == 53)
        #expect(a.documents == b.documents)
        #expect(a.documents[3].id == "pad000000")
        let vocabulary = Set(dataset.documents.flatMap { ($0.title + " " + $0.body).split(separator: " ") })
        #expect(
            a.documents.dropFirst(3).allSatisfy { pad in
                pad.body.split(separator: " ").allSatisfy(vocabulary.contains)
                    && pad.body.split(separator: " ").count >= 8
            })
        #expect(a.relevant == dataset.relevant)
    }

    @Test func malformedQrelsNameTheLine() throws {
        let folder = try TemporaryFolder()
        let (docs, queries, _) = try writeCollection(in: folder)
        let bad = try folder.write("bad.tsv", "q1\td1\t1\nq2 only-two\n")
        #expect { try RetrievalDataset.load(documents: docs, queries: queries, qrels: bad) } throws: { error in
            "\(error)".contains("line 2")
        }
    }
}
