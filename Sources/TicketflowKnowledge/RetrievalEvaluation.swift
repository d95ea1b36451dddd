import Foundation
import TicketflowCore

/// Measures retrieval quality and speed on a test collection through the same
/// `KnowledgeIndex` the pipeline uses: every document becomes an article, every
/// query runs alone (tokenising included), and a document counts as found when
/// any of its chunks is returned.
public struct RetrievalEvaluation: Sendable {
    /// Quality and speed figures of one run.
    public struct Report: Sendable, Equatable, Codable {
        /// Documents indexed, padding included.
        public var documents: Int
        /// Chunks those documents became.
        public var chunks: Int
        /// Queries with at least one relevant document.
        public var queries: Int
        /// Share of queries with a relevant document first.
        public var successAt1: Double
        /// Share with a relevant document in the top 3.
        public var successAt3: Double
        /// Share with a relevant document in the top 10.
        public var successAt10: Double
        /// Mean share of each query's relevant documents found in the top 10.
        public var recallAt10: Double
        /// Mean reciprocal rank of the first relevant document (0 past rank 10).
        public var mrrAt10: Double
        /// Mean nDCG@10 with binary gains.
        public var ndcgAt10: Double
        /// Time to chunk, tokenise and index every document.
        public var buildSeconds: Double
        /// Median single-query latency, tokenising included.
        public var p50Milliseconds: Double
        /// 99th-percentile single-query latency.
        public var p99Milliseconds: Double
        /// Mean single-query latency.
        public var meanMilliseconds: Double
        /// Queries per second, one at a time.
        public var queriesPerSecond: Double
        /// Growth of the process's resident memory while indexing, in MiB (Linux; 0 elsewhere).
        public var indexMemoryMiB: Double
        /// Precision of the top passage against the score threshold.
        public var calibration = ScoreCalibration(points: [])
    }

    /// The index settings under evaluation.
    public var configuration: KnowledgeIndexConfiguration

    /// Creates an evaluation for one index configuration.
    public init(configuration: KnowledgeIndexConfiguration = KnowledgeIndexConfiguration()) {
        self.configuration = configuration
    }

    /// Indexes the dataset (embedding every chunk when `embeddings` is given), runs every query (after a
    /// 20-query warm-up) and scores the rankings. A query's latency includes embedding it.
    public func run(
        _ dataset: RetrievalDataset, embeddings: (any EmbeddingsProvider)? = nil,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Report {
        let articles = dataset.documents.map {
            Article(id: $0.id, title: $0.title, body: $0.body, source: "evaluation")
        }
        let memoryBefore = Self.residentMiB()
        let index = KnowledgeIndex(configuration: configuration, embeddings: embeddings)
        let buildStart = ContinuousClock.now
        index.upsert(articles: articles)
        let embedded = try await index.embedPending(batchSize: 256)
        let buildSeconds = Self.seconds(ContinuousClock.now - buildStart)
        let memoryAfter = Self.residentMiB()
        progress?(
            "indexed \(articles.count) documents (\(embedded) chunk vectors) in \(String(format: "%.3f", buildSeconds)) s"
        )

        func rank(_ text: String) async throws -> [RetrievedPassage] {
            let vector = try await embeddings?.embed([text]).first
            return index.search(
                RetrievalRequest(query: text, topK: 10, minScore: 0, onePerArticle: true), queryVector: vector)
        }
        for query in dataset.queries.prefix(20) { _ = try await rank(query.text) }

        var latencies: [Double] = []
        var rankings: [String: [String]] = [:]
        var tops: [(score: Double, relevant: Bool)] = []
        let allStart = ContinuousClock.now
        for query in dataset.queries {
            let start = ContinuousClock.now
            let ranked = try await rank(query.text)
            latencies.append(Self.seconds(ContinuousClock.now - start) * 1000)
            rankings[query.id] = ranked.map(\.articleID)
            if let relevant = dataset.relevant[query.id], !relevant.isEmpty {
                tops.append((ranked.first?.score ?? 0, ranked.first.map { relevant.contains($0.articleID) } ?? false))
            }
        }
        let total = Self.seconds(ContinuousClock.now - allStart)
        var report = Self.score(rankings: rankings, relevant: dataset.relevant, queries: dataset.queries.map(\.id))
        report.documents = dataset.documents.count
        report.chunks = index.statistics.chunks
        report.buildSeconds = buildSeconds
        let sorted = latencies.sorted()
        report.p50Milliseconds = Self.percentile(sorted, 0.50)
        report.p99Milliseconds = Self.percentile(sorted, 0.99)
        report.meanMilliseconds = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        report.queriesPerSecond = total > 0 ? Double(sorted.count) / total : 0
        report.indexMemoryMiB = max(0, memoryAfter - memoryBefore)
        report.calibration = ScoreCalibration.curve(tops: tops)
        return report
    }

    /// Success@k, Recall@10, MRR@10 and nDCG@10 (binary gains) of ranked ids, averaged over `queries`.
    public static func score(rankings: [String: [String]], relevant: [String: Set<String>], queries: [String]) -> Report
    {
        var sums = [Double](repeating: 0, count: 6)
        for id in queries {
            let relevantIDs = relevant[id] ?? []
            guard !relevantIDs.isEmpty else { continue }
            let hits = (rankings[id] ?? []).prefix(10).map { relevantIDs.contains($0) }
            sums[0] += hits.prefix(1).contains(true) ? 1 : 0
            sums[1] += hits.prefix(3).contains(true) ? 1 : 0
            sums[2] += hits.contains(true) ? 1 : 0
            sums[3] += Double(hits.filter { $0 }.count) / Double(relevantIDs.count)
            sums[4] += hits.firstIndex(of: true).map { 1 / Double($0 + 1) } ?? 0
            let dcg = hits.enumerated().reduce(0.0) { $0 + ($1.element ? 1 / log2(Double($1.offset) + 2) : 0) }
            let ideal = (0..<min(relevantIDs.count, 10)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            sums[5] += dcg / ideal
        }
        let n = Double(max(1, queries.filter { relevant[$0]?.isEmpty == false }.count))
        return Report(
            documents: 0, chunks: 0, queries: Int(n), successAt1: sums[0] / n, successAt3: sums[1] / n,
            successAt10: sums[2] / n, recallAt10: sums[3] / n, mrrAt10: sums[4] / n, ndcgAt10: sums[5] / n,
            buildSeconds: 0, p50Milliseconds: 0, p99Milliseconds: 0, meanMilliseconds: 0, queriesPerSecond: 0,
            indexMemoryMiB: 0)
    }

    /// Nearest-rank percentile of sorted values, the way the Python peer computes it.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = Int((fraction * Double(sorted.count - 1)).rounded(.toNearestOrEven))
        return sorted[min(sorted.count - 1, position)]
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Resident set size from /proc/self/status, in MiB.
    static func residentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib / 1024
    }
}
