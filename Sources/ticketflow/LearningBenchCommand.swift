import ArgumentParser
import Foundation
import Logging
import TicketflowApp
import TicketflowCore
import TicketflowDatasets
import TicketflowTriage

/// `ticketflow bench learning`: the learning curve of the feedback loop.
struct LearningBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning",
        abstract: "Simulate agents relabeling tickets and show accuracy before and after each retraining.",
        discussion: """
            On a fresh SQLite store with the starter models: tickets from --data go through intake, a \
            simulated agent relabels each to its true label (the same store writes the console makes), \
            and after each step `model retrain` runs. Prints, per step, the retraining decision and the \
            running model's accuracy on --test. Example:
              ticketflow bench learning --data ../shared/data/bitext/train.csv --test ../shared/data/bitext/test.csv \\
                --text-column instruction --label-column category --steps 25,50,100,200,400
            """
    )

    @Option(help: "Tickets the agents relabel (CSV, TSV or JSONL).") var data: String
    @Option(help: "Labeled test data the accuracy is measured on.") var test: String
    @Option(help: "Column holding the text.") var textColumn: String
    @Option(help: "Column holding the label the agents give.") var labelColumn: String
    @Option(help: "Cumulative relabel counts after which to retrain, comma separated.") var steps = "25,50,100,200,400"
    @Option(help: "Shuffle seed for the order tickets arrive in.") var seed: UInt64 = 42

    func run() async throws {
        let counts = steps.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts == counts.sorted(), counts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--steps must be increasing positive counts, e.g. 25,50,100")
        }
        var rows = try ModelCLISupport.load(data, text: textColumn, label: labelColumn)
        let testRows = try ModelCLISupport.load(test, text: textColumn, label: labelColumn)
        var generator = SplitMix64(seed: seed)
        rows.shuffle(using: &generator)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ticketflow-learning-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory
        configuration.durability = "normal"
        configuration.answerMode = "inline"
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        try await AppServices.with(configuration, logger: logger) { services in
            let loop = LearningLoop(store: services.store, engines: services.engines)
            func testAccuracy() -> Double {
                let model = services.engines.triage.models.category
                return Double(testRows.filter { model.predict($0.text).label == $0.label }.count) / Double(max(1, testRows.count))
            }
            func line(_ relabels: Int, _ decision: String, _ held: String, _ accuracy: Double) {
                print(String(relabels).padding(toLength: 10, withPad: " ", startingAt: 0)
                      + decision.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + held.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%.1f%%", accuracy * 100))
            }
            print("relabels  decision                    held-back old→new   test accuracy")
            line(0, "starter model", "-", testAccuracy())
            var done = 0
            for target in counts {
                while done < min(target, rows.count) {
                    try await Self.relabel(rows[done], services: services)
                    done += 1
                }
                let report = try await loop.retrain()
                let held = String(format: "%.1f→%.1f%%", report.oldAccuracy * 100, report.newAccuracy * 100)
                let decision = String((report.swapped ? "swapped" : "kept") + " (\(report.heldBackRows) held back)")
                line(done, decision, held, testAccuracy())
            }
        }
    }

    /// One ticket through intake, then the agent's relabel as the console records it.
    static func relabel(_ row: LabeledText, services: AppServices) async throws {
        let detail = try await services.tickets.intake(IntakeRequest(body: row.text)).detail
        var ticket = detail.ticket
        ticket.category = row.label
        ticket.updatedAt = Date()
        _ = try await services.store.applyAgentChange(AgentChange(
            ticket: ticket, actor: "bench-agent", draft: detail.draft,
            event: TicketEvent(id: 0, ticketID: ticket.id, kind: .relabel, actor: "bench-agent", createdAt: Date()),
            feedback: [FeedbackRecord(ticketID: ticket.id, kind: .relabel, oldCategory: detail.ticket.category,
                                      newCategory: row.label, agent: "bench-agent", createdAt: Date())]))
    }
}
