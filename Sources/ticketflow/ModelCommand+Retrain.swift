import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowLearning
import TicketflowTriage

extension ModelCommand {
    /// `ticketflow model retrain`: learn from agents' relabels, swap only if not worse.
    struct Retrain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrain",
            abstract:
                "Retrain the category model on the base data plus agents' relabels; swap it in only if it is not worse.",
            discussion: """
                The candidate trains on the base rows (the config file's declared categories, else the built-in starter \
                set, or --base with your own \
                history) plus every relabel in the store, except a held-back slice (a fixed 25% of the \
                relabels, chosen by hashing each text) on which the running and the candidate model are compared. \
                The candidate is published (every node, no restart) only when its accuracy there is not \
                lower. Each comparison is appended to <data-dir>/models/retrain-history.jsonl; \
                --history prints them.
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Base training data instead of the declared categories or the starter set (CSV, TSV or JSONL).")
        var base: String?
        @Option(help: "With --base: the text column.") var textColumn = "text"
        @Option(help: "With --base: the label column.") var labelColumn = "category"
        @Flag(help: "Compare only; never swap.") var dryRun = false
        @Flag(help: "Print earlier comparisons instead of retraining.") var history = false
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            let baseRows = try base.map { try ModelCLISupport.load($0, text: textColumn, label: labelColumn) }
            let reports: [RetrainReport] = try await CLIServices.with(store) { services in
                let loop = LearningLoop(store: services.store, engines: services.engines)
                if history { return try loop.history() }
                return [try await loop.retrain(base: baseRows, dryRun: dryRun)]
            }
            if json { print(try CLIJSON.string(reports)); return }
            for report in reports {
                print(report.decision)
                print(
                    String(
                        format: "  %d relabels, %d held back; trained on %d rows; held-back accuracy %.1f%% → %.1f%%",
                        report.relabels, report.heldBackRows, report.trainingRows, report.oldAccuracy * 100,
                        report.newAccuracy * 100))
            }
        }
    }

    /// `ticketflow model publish FILE`: make a trained model file the running model on every node.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Store a trained model file in the shared store; every running node swaps it in within seconds."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "A model file written by `model train`.") var file: String
        @Option(help: "Which model the file replaces.") var kind: PublishedModelKind = .category

        func run() async throws {
            let model = try ModelFile.read(from: file)
            let version = try await CLIServices.with(store) { services in
                try await services.engines.publish(model, as: kind.rawValue, store: services.store)
            }
            print("published \(file) as the \(kind.rawValue) model, version \(version) (\(model.header.version))")
        }
    }
}
