import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore

/// `ticketflow qa`: reviews the answers given since a date and prints what QA found.
struct QACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa", abstract: "Review AI answers, AI drafts and human answers given since a date.",
        discussion: """
            Runs the built-in QA review (accuracy, completeness, tone, actionability; \
            hallucination, policy violation and unnecessary escalation flags), plus the LLM \
            judge when an LLM endpoint is configured, saves the reviews and prints the \
            aggregate and the flagged tickets. Answers already reviewed are skipped, so \
            running it again is safe. See docs/qa.md.
            """)

    @OptionGroup var store: StoreOptions

    @Option(
        help: "Review answers given on or after this UTC day (YYYY-MM-DD) or ISO 8601 time (default: 24 hours ago).")
    var since: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        do {
            _ = try QASince.parse(since, now: Date())
        } catch let error as TicketflowCore.ValidationError {
            throw ArgumentParser.ValidationError("--since \(error.message)")
        }
    }

    func run() async throws {
        let start = try QASince.parse(since, now: Date())
        try await CLIServices.with(store) { services in
            let report = try await services.qaRunner().run(since: start)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                QAReportPrinter.print(report)
            }
        }
    }
}

/// The terminal rendering of a QA run.
enum QAReportPrinter {
    static func print(_ report: QARunReport) {
        Swift.print("QA review since \(ISO8601DateFormatter().string(from: report.since))")
        let subjects = report.bySubject.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
            separator: ", ")
        Swift.print(
            "  reviewed \(report.reviewed)\(subjects.isEmpty ? "" : " (\(subjects))"), skipped \(report.skipped) already reviewed"
        )
        if let mean = report.mean {
            Swift.print(
                String(
                    format: "  mean scores: accuracy %.1f  completeness %.1f  tone %.1f  actionability %.1f",
                    mean.accuracy, mean.completeness, mean.tone, mean.actionability))
        }
        if let share = report.accurateShare {
            Swift.print(String(format: "  accurate AI answers: %.1f%%", share * 100))
        }
        let flags = report.flagCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        Swift.print("  flags: \(flags)")
        if report.llmFallbacks > 0 {
            Swift.print("  LLM judge unavailable for \(report.llmFallbacks) reviews (heuristic result kept)")
        }
        guard !report.flagged.isEmpty else { Swift.print("No flagged answers."); return }
        Swift.print("Flagged:")
        for review in report.flagged {
            Swift.print(
                "  ticket \(review.ticketID) [\(review.subject)] \(review.flags.map(\.rawValue).joined(separator: ", "))  accuracy \(review.accuracy)"
            )
            for note in review.notes { Swift.print("    - \(note)") }
        }
    }
}
