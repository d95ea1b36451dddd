import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowDatasets
import TicketflowEscalation
import TicketflowLearning
import TicketflowTriage

extension BenchCommand {
    /// `ticketflow bench learning`: the learning curve of the feedback loop.
    struct Learning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "learning",
            abstract: "Simulate agents relabeling tickets and show accuracy before and after each retraining.",
            discussion: """
                On a fresh SQLite store with the starter models: tickets from --data go through intake, a \
                simulated agent relabels each to its true label through the agent desk, as the console does, \
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
        @Option(help: "Cumulative relabel counts after which to retrain, comma separated.") var steps =
            "25,50,100,200,400"
        @Option(help: "Shuffle seed for the order tickets arrive in.") var seed: UInt64 = 42

        /// The retrain points from --steps.
        var counts: [Int] { steps.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

        func validate() throws {
            guard !counts.isEmpty, counts == counts.sorted(), counts.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--steps must be increasing positive counts, e.g. 25,50,100")
            }
        }

        func run() async throws {
            var rows = try ModelCLISupport.load(data, text: textColumn, label: labelColumn)
            let testRows = try ModelCLISupport.load(test, text: textColumn, label: labelColumn)
            var generator = SplitMix64(seed: seed)
            rows.shuffle(using: &generator)
            try await BenchSupport.withFreshStore(durability: .normal) { services in
                let loop = LearningLoop(store: services.store, engines: services.engines)
                func testAccuracy() -> Double {
                    let model = services.engines.triage.models.category
                    // Labels are compared as the desk stores them (lower case).
                    return Double(testRows.filter { model.predict($0.text).label == $0.label.lowercased() }.count)
                        / Double(max(1, testRows.count))
                }
                func line(_ relabels: Int, _ decision: String, _ held: String, _ accuracy: Double) {
                    print(
                        String(relabels).padding(toLength: 10, withPad: " ", startingAt: 0)
                            + decision.padding(toLength: 28, withPad: " ", startingAt: 0)
                            + held.padding(toLength: 20, withPad: " ", startingAt: 0)
                            + String(format: "%.1f%%", accuracy * 100))
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

        /// One ticket through intake, then the agent's relabel through the desk, as the console makes it.
        static func relabel(_ row: LabeledText, services: AppServices) async throws {
            let detail = try await services.tickets.intake(IntakeRequest(body: row.text)).detail
            _ = try await services.desk.perform(
                .relabel(category: row.label, urgency: nil), on: detail.ticket.id,
                by: AgentActor(id: "bench-agent", name: "Bench agent", role: .agent))
        }
    }
}
