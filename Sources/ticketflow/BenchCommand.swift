import ArgumentParser
import Foundation
import Logging
import TicketflowAnswering
import TicketflowApp
import TicketflowCore
import TicketflowDatasets
import TicketflowKnowledge

/// `ticketflow bench`: end-to-end measurements that print figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (see docs/benchmarks.md). Classifier benchmarks: `model bench`.",
        subcommands: [Pipeline.self, Learning.self, Encoder.self, Inbox.self, Language.self, Translation.self]
    )
}

extension BenchCommand {
    /// `ticketflow bench pipeline`: tickets from a file through the whole pipeline.
    struct Pipeline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pipeline",
            abstract: "Push labeled tickets through the whole pipeline on a fresh store and report outcomes.",
            discussion: """
                Imports the knowledge base into a temporary SQLite store, then takes every ticket through \
                intake (triage, sentiment, routing, retrieval, answering, commit), one at a time. Reports \
                routes and statuses, the auto-resolution rate, auto-sent answers with any sentence not found \
                word for word in a cited article (an audit independent of the gate), how often an auto-sent \
                answer cites an article tagged with the ticket's label, and latency. With --llm the answer \
                generator and judge (and, if asked, the triage engines) call that OpenAI-compatible endpoint, \
                and the report adds calls, tokens and fallbacks per ticket. Example:
                  ticketflow bench pipeline --kb demo/shop-help-center \\
                    --tickets ../shared/data/bitext/test.csv --text-column instruction --label-column intent
                """
        )

        @Option(help: "Knowledge base: a file or folder to import.") var kb: String
        @Option(help: "Tickets: CSV, TSV or JSONL.") var tickets: String
        @Option(help: "Column holding the ticket text.") var textColumn: String
        @Option(help: "Optional label column; an answer is on topic when a cited article carries the label as a tag.")
        var labelColumn: String?
        @Option(help: "Use only the first N tickets (0: all).") var limit = 0
        @Option(help: "full (fsync every commit) or normal.") var durability = AppConfiguration.Durability.full
        @Option(
            help: ArgumentHelp(
                "A sentence-encoder model directory: the knowledge base is embedded before the first ticket and "
                    + "retrieval is hybrid, as on a server with encoder_dir.", valueName: "dir"))
        var encoder: String?
        @OptionGroup var llm: LLMBenchOptions
        @Option(
            help: ArgumentHelp(
                "Also write one JSON line per ticket (label, status, hold reasons, cited articles, every stage's "
                    + "details) for analysis.", valueName: "file"))
        var details: String?

        func run() async throws {
            let table = try Table.read(path: tickets)
            var texts = try table.values(of: textColumn)
            let labels = try labelColumn.map { try table.values(of: $0) }
            if limit > 0 { texts = Array(texts.prefix(limit)) }
            let tally = try await BenchSupport.withFreshStore(
                durability: durability, encoder: encoder, configure: llm.apply
            ) { services in
                let imported = try await services.engines.knowledge.importPath(
                    kb, options: ArticleImportOptions(), prune: false)
                guard imported.created > 0 else {
                    throw CLIFailure("no articles imported from \(kb): \(imported.errors.joined(separator: "; "))")
                }
                // What a server's background switch does, before the clock starts.
                try await services.engines.connectEmbeddings()
                let articles = Dictionary(
                    uniqueKeysWithValues: try await services.engines.knowledge.store.articles().map { ($0.id, $0) })
                var tally = PipelineTally()
                var lines: [String] = []
                for (index, text) in texts.enumerated() {
                    let started = ContinuousClock.now
                    let result = try await services.tickets.intake(IntakeRequest(body: text))
                    tally.record(
                        result.detail, intakeMs: BenchSupport.seconds(since: started) * 1000, label: labels?[index],
                        articles: articles)
                    if details != nil {
                        lines.append(try PipelineTally.detailLine(result.detail, label: labels?[index]))
                    }
                }
                if let details {
                    try (lines.joined(separator: "\n") + "\n").write(toFile: details, atomically: true, encoding: .utf8)
                }
                return tally
            }
            tally.print(knowledgeBase: kb)
            if let url = llm.llm { tally.printLLM(endpoint: url, model: llm.llmModel) }
        }
    }
}

/// What the pipeline benchmark counts.
struct PipelineTally {
    var statuses: [String: Int] = [:]
    var routes: [String: Int] = [:]
    var holdReasons: [String: Int] = [:]
    var autoSent = 0
    var autoSentWithUnsupported = 0
    var autoSentOnTopic = 0
    var labeled = false
    var pipelineMs: [Double] = []
    var stageMs: [String: [Double]] = [:]
    var stageOrder: [String] = []
    var intakeMs: [Double] = []
    var unsupportedExamples: [String] = []
    var llm = LLMTally()

    mutating func record(_ detail: TicketDetail, intakeMs: Double, label: String?, articles: [String: Article]) {
        statuses[detail.ticket.status.rawValue, default: 0] += 1
        routes[detail.ticket.route?.rawValue ?? "none", default: 0] += 1
        pipelineMs.append(detail.trace.reduce(0) { $0 + $1.durationMs })
        llm.record(detail.trace)
        for step in detail.trace {
            if stageMs[step.stage] == nil { stageOrder.append(step.stage) }
            stageMs[step.stage, default: []].append(step.durationMs)
        }
        self.intakeMs.append(intakeMs)
        for reason in detail.draft?.reasons ?? [] { holdReasons[reason, default: 0] += 1 }
        guard detail.ticket.status == .autoResolved, let reply = detail.messages.last(where: { $0.author == .ai })
        else { return }
        autoSent += 1
        let cited = reply.citations.compactMap { articles[$0.articleID] }
        let sources = Dictionary(
            cited.map { ($0.id, $0.title + "\n" + $0.body) }, uniquingKeysWith: { first, _ in first })
        let unsupported = AnswerAudit.unsupportedSentences(in: reply.body, sources: sources)
        if !unsupported.isEmpty {
            autoSentWithUnsupported += 1
            if unsupportedExamples.count < 3 { unsupportedExamples.append(unsupported[0]) }
        }
        if let label {
            labeled = true
            if cited.contains(where: { $0.tags.contains(label) }) { autoSentOnTopic += 1 }
        }
    }

    /// One ticket's outcome as a JSON line (`--details`).
    static func detailLine(_ detail: TicketDetail, label: String?) throws -> String {
        let cited = detail.messages.last(where: { $0.author == .ai })?.citations ?? detail.draft?.citations ?? []
        var stages: [String: [String: String]] = [:]
        for step in detail.trace { stages[step.stage] = step.details.merging(["output": step.output]) { a, _ in a } }
        let line: [String: Any] = [
            "label": label ?? "", "status": detail.ticket.status.rawValue,
            "reasons": detail.draft?.reasons ?? [], "cited": cited.map(\.articleID),
            "stages": stages,
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func printLLM(endpoint: String, model: String) { llm.print(endpoint: endpoint, model: model) }

    func print(knowledgeBase: String) {
        let total = max(1, pipelineMs.count)
        func share(_ count: Int) -> String { String(format: "%d (%.1f%%)", count, Double(count) * 100 / Double(total)) }
        func line(_ counts: [String: Int]) -> String {
            counts.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        Swift.print("tickets=\(pipelineMs.count) knowledge_base=\(knowledgeBase)")
        Swift.print("statuses: \(line(statuses))")
        Swift.print("routes: \(line(routes))")
        Swift.print("hold reasons: \(line(holdReasons))")
        Swift.print("auto_resolved=\(share(autoSent)) auto_sent_with_unsupported_sentence=\(autoSentWithUnsupported)")
        if labeled {
            Swift.print(
                String(
                    format: "auto_sent_citing_an_article_tagged_with_the_label=%d of %d (%.1f%%)",
                    autoSentOnTopic, autoSent, Double(autoSentOnTopic) * 100 / Double(max(1, autoSent))))
        }
        for example in unsupportedExamples { Swift.print("  unsupported: \(example)") }
        func percentile(_ values: [Double], _ p: Double) -> Double { SupportMetrics.percentile(values, p) ?? 0 }
        Swift.print(
            String(
                format: "pipeline_ms p50=%.3f p95=%.3f p99=%.3f (sum of stage durations)",
                percentile(pipelineMs, 50), percentile(pipelineMs, 95), percentile(pipelineMs, 99)))
        Swift.print(
            "stage_ms p50: "
                + stageOrder.map { String(format: "%@=%.3f", $0, percentile(stageMs[$0] ?? [], 50)) }
                .joined(separator: " "))
        Swift.print(
            String(
                format: "intake_ms p50=%.3f p99=%.3f (pipeline + SQLite commit, one ticket at a time)",
                percentile(intakeMs, 50), percentile(intakeMs, 99)))
    }
}
