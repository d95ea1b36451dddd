import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowKnowledge
import TicketflowText

/// `ticketflow kb eval`: retrieval quality and latency on a docs/queries/qrels collection.
struct KnowledgeEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality (Success@k, MRR@10, nDCG@10) and query latency on a test collection.",
        discussion: """
            Reads docs.jsonl ({"id","title","body"}), queries.jsonl ({"id","text"}) and a qrels TSV \
            (query_id, doc_id, relevance). Every document is imported as an article and chunked; every \
            query runs alone through the same index the pipeline uses. Example:
              ticketflow kb eval --docs ../shared/data/stackfaq/docs.jsonl \\
                --queries ../shared/data/stackfaq/queries_test.jsonl --qrels ../shared/data/stackfaq/qrels_test.tsv
            """
    )

    @Option(help: "Documents as JSON Lines with id, title and body.")
    var docs: String

    @Option(help: "Queries as JSON Lines with id and text.")
    var queries: String

    @Option(help: "Relevance judgements: query_id<TAB>doc_id<TAB>relevance, no header.")
    var qrels: String

    @Option(help: "Add N synthetic distractor documents (as the Python peer's --pad-docs) to measure scaling.")
    var padDocs: Int = 0
    /// Ten million synthetic documents take a few GB: far past any help center, within one machine.
    static let maximumPadDocs = 10_000_000

    @Option(help: "BM25 term-frequency saturation.")
    var k1: Double = BM25Parameters().k1

    @Option(help: "BM25 length normalisation, 0 to 1.")
    var b: Double = BM25Parameters().b

    @Option(help: "BM25+ lower bound per matching term (0: plain BM25).")
    var delta: Double = BM25Parameters().delta

    @Option(help: "How much a title/heading term counts relative to a body term.")
    var titleWeight: Double = BM25Parameters().fieldWeights[0]

    @Option(help: "Stop-word list: english (wide, the default) or lucene (33 words).")
    var stopWords: String = "english"

    @Flag(help: "Index words unstemmed.")
    var noStemming = false

    @Option(help: "Query expansion (pseudo-relevance feedback): top chunks to expand from (0: off, the default).")
    var expansionDocs = 0

    @Option(help: "Query expansion: terms added.")
    var expansionTerms = QueryExpansion().terms

    @Option(help: "Query expansion: weight of the strongest added term relative to a query term.")
    var expansionWeight = QueryExpansion().weight

    @Option(help: "Spelling tolerance: shortest unknown query stem replaced by a known word one typo away (0: off).")
    var spellingMinLength = SpellingTolerance().minimumLength

    @Option(help: "Spelling tolerance: weight of a corrected word relative to a word as typed.")
    var spellingWeight = SpellingTolerance().weight

    @Option(
        help: ArgumentHelp(
            "A sentence-encoder model directory (scripts/fetch-encoder.sh DIR) for dense and hybrid retrieval.",
            valueName: "dir"))
    var encoder: String?

    @Option(help: "lexical (BM25), dense (encoder only) or hybrid (both, fused by rank; needs --encoder).")
    var retrieval: String?

    @Option(help: "Hybrid fusion: convex (a weighted sum of the 0–1 scores) or rank (reciprocal rank fusion).")
    var fusion = "convex"

    @Option(
        help: """
            Weight of the dense signal: convex, its share of the score (0–1, default 0.85, 0.65 with static \
            vectors); rank, its RRF weight against BM25's 1 (default 3). Defaults tuned on the StackFAQ dev \
            split (docs/retrieval.md).
            """)
    var denseWeight: Double?

    @Flag(help: "Also print the top passage's precision against the min_score threshold.")
    var calibration = false

    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?

    func validate() throws {
        guard k1 > 0, (0...1).contains(b), titleWeight >= 0 else {
            throw ValidationError("--k1 must be > 0, --b within 0...1 and --title-weight ≥ 0")
        }
        guard ["english", "lucene"].contains(stopWords) else {
            throw ValidationError("--stop-words must be 'english' or 'lucene'")
        }
        guard spellingMinLength >= 0, spellingWeight > 0 else {
            throw ValidationError("--spelling-min-length must be ≥ 0 and --spelling-weight > 0")
        }
        // The distractors are made up front: 2^31 of them asked for 100 GB at once and trapped.
        guard (0...Self.maximumPadDocs).contains(padDocs) else {
            throw ValidationError("--pad-docs must be 0 to \(Self.maximumPadDocs), got \(padDocs)")
        }
        guard retrieval.map({ RetrievalMode(rawValue: $0) != nil }) ?? true else {
            throw ValidationError("--retrieval must be lexical, dense or hybrid")
        }
        if mode != .lexical, encoder == nil {
            throw ValidationError("--retrieval \(mode.rawValue) needs --encoder DIR (a sentence-encoder model)")
        }
        guard ["convex", "rank"].contains(fusion) else { throw ValidationError("--fusion must be convex or rank") }
        if let denseWeight {
            guard fusion == "rank" ? denseWeight > 0 : (0...1).contains(denseWeight) else {
                throw ValidationError("--dense-weight must be within 0...1 for convex fusion and > 0 for rank")
            }
        }
        guard expansionDocs >= 0, expansionTerms > 0, expansionWeight > 0 else {
            throw ValidationError("--expansion-docs must be ≥ 0, --expansion-terms and --expansion-weight > 0")
        }
    }

    /// The mode asked for; hybrid when an encoder is given, else lexical.
    var mode: RetrievalMode {
        retrieval.flatMap(RetrievalMode.init(rawValue:)) ?? (encoder == nil ? .lexical : .hybrid)
    }

    func run() async throws {
        let dataset: RetrievalDataset
        do {
            dataset = try RetrievalDataset.load(documents: docs, queries: queries, qrels: qrels).padded(with: padDocs)
        } catch let error as KnowledgeError {
            // A data file that cannot be read is not a command-line mistake: no usage text.
            throw CLIFailure(error.message)
        }
        var configuration = KnowledgeIndexConfiguration(
            bm25: BM25Parameters(k1: k1, b: b, fieldWeights: [titleWeight, 1], delta: delta),
            tokenizer: Tokenizer(
                stopWords: stopWords == "lucene" ? StopWords.lucene : StopWords.english,
                stems: !noStemming))
        configuration.spelling =
            spellingMinLength > 0
            ? SpellingTolerance(minimumLength: spellingMinLength, weight: spellingWeight) : nil
        configuration.expansion =
            expansionDocs > 0
            ? QueryExpansion(documents: expansionDocs, terms: expansionTerms, weight: expansionWeight) : nil
        configuration.mode = mode
        var embeddings: EncoderEmbeddings?
        if let encoder, mode != .lexical {
            embeddings = try EncoderFeaturesSupport.embeddings(encoder)
        }
        let weight =
            denseWeight ?? (fusion == "rank" ? 3 : embeddings?.denseWeight ?? HybridFusion.encoderDenseWeight)
        if fusion == "rank" {
            configuration.hybridFusion = .reciprocalRank
            configuration.fusion.weights["dense"] = weight
        } else {
            configuration.hybridFusion = .convex(denseWeight: weight)
        }
        let report = try await RetrievalEvaluation(configuration: configuration).run(
            dataset, embeddings: embeddings
        ) { message in
            FileHandle.standardError.write(Data("# \(message)\n".utf8))
        }
        print(
            "# \(report.documents) documents (\(padDocs) synthetic), \(report.chunks) chunks, \(report.queries) queries"
        )
        print(
            "# retrieval=\(mode.rawValue)"
                + (embeddings.map { " encoder=\($0.model)" } ?? "")
                + (mode == .hybrid ? " fusion=\(fusion) dense weight=\(weight)" : ""))
        print(
            "# BM25 k1=\(k1) b=\(b) delta=\(delta) title weight=\(titleWeight) stop words=\(stopWords) stemming=\(!noStemming)"
                + (spellingMinLength > 0
                    ? " spelling=stems ≥ \(spellingMinLength), weight \(spellingWeight)" : " spelling=off")
                + (expansionDocs > 0
                    ? " expansion=\(expansionDocs) docs, \(expansionTerms) terms, weight \(expansionWeight)"
                    : " expansion=off"))
        print("| S@1 | S@3 | S@10 | R@10 | MRR@10 | nDCG@10 | build s | p50 ms | p99 ms | QPS | index MiB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        let quality = [
            report.successAt1, report.successAt3, report.successAt10, report.recallAt10,
            report.mrrAt10, report.ndcgAt10,
        ].map { String(format: "%.4f", $0) }
        let speed = [
            String(format: "%.3f", report.buildSeconds), String(format: "%.3f", report.p50Milliseconds),
            String(format: "%.3f", report.p99Milliseconds), String(format: "%.0f", report.queriesPerSecond),
            String(format: "%.1f", report.indexMemoryMiB),
        ]
        print("| " + (quality + speed).joined(separator: " | ") + " |")
        if calibration {
            print("")
            print("| min_score | answered | top passage right |")
            print("|---|---|---|")
            for point in report.calibration.points {
                print(
                    "| \(String(format: "%.2f", point.threshold)) | \(String(format: "%.3f", point.answered)) | "
                        + "\(String(format: "%.3f", point.precision)) |")
            }
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
    }
}
