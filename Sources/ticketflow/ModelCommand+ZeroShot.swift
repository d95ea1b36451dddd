import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowTriage

extension ModelCommand {
    /// Measures zero-shot categories: the encoder classifying from a few examples per category, next to a
    /// linear model trained on the same few examples.
    struct ZeroShot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zero-shot",
            abstract: "Evaluate zero-shot categories (encoder + a few examples each) on labeled data.",
            discussion: """
                The categories come from a config file's `categories` (--setup), or are drawn from --train: \
                --examples rows per label at random (seeded), with the label's words (underscores as spaces) \
                as its description. Both are scored on --test, beside a linear model trained on exactly the \
                same examples and descriptions. Example:
                  ticketflow model zero-shot --train train.csv --test test.csv --text-column instruction \\
                    --label-column intent --encoder .build/encoder-model --examples 5
                """
        )

        @Option(help: "Labeled rows to draw the examples from.") var train: String?
        @Option(help: "A config file whose `categories` to use instead of drawing from --train.") var setup: String?
        @Option(help: "Labeled rows to score.") var test: String
        @Option(help: "Column holding the text.") var textColumn: String
        @Option(help: "Column holding the label.") var labelColumn: String
        @Option(help: "Sentence-encoder model directory (scripts/fetch-encoder.sh).") var encoder: String
        @Option(help: "Examples drawn per label from --train (3–10).") var examples: Int = 5
        @Option(help: "Seed for drawing the examples.") var seed: UInt64 = 42
        @Flag(help: "Print the reports as JSON.") var json = false

        func validate() throws {
            guard (train == nil) != (setup == nil) else { throw ValidationError("give --train or --setup, not both") }
            guard CategoryDefinition.exampleRange.contains(examples) else {
                throw ValidationError("--examples must be 3–10")
            }
        }

        func run() async throws {
            let categories = try loadCategories()
            let rows = try ModelCLISupport.load(test, text: textColumn, label: labelColumn)
            let embedder = try EncoderFeaturesSupport.embeddings(encoder)
            var clock = ContinuousClock.now
            let zeroShot = try await ZeroShotCategories.build(categories, embedder: embedder)
            let buildSeconds = ClassifierTrainer.seconds(since: clock)
            let texts = rows.map(\.text)
            clock = ContinuousClock.now
            var single: [ClassPrediction] = []
            for text in texts { single.append(try await zeroShot.predict(text, embedder: embedder)) }
            let singleSeconds = ClassifierTrainer.seconds(since: clock)
            clock = ContinuousClock.now
            _ = try await embedder.embed(texts).map { zeroShot.predict(vector: $0) }
            let batchSeconds = ClassifierTrainer.seconds(since: clock)
            let report = EvaluationReport.evaluate(
                labels: zeroShot.labels, threshold: zeroShot.unknownThreshold, rows: rows, predictions: single,
                singleSeconds: singleSeconds, batchSeconds: batchSeconds)
            clock = ContinuousClock.now
            let linear = try CategoryDefinition.categoryModel(categories)
            let linearSeconds = ClassifierTrainer.seconds(since: clock)
            let linearReport = EvaluationReport.evaluate(model: linear, rows: rows)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let both = ["zero_shot": report, "linear_same_examples": linearReport]
                print(String(decoding: try encoder.encode(both), as: UTF8.self))
                return
            }
            let count = categories.map(\.examples.count).reduce(0, +)
            print(
                String(
                    format: "zero-shot %@ with %@: %d categories, %d examples + descriptions, built in %.2f s "
                        + "(temperature %.4f)",
                    zeroShot.version, zeroShot.encoderModel, categories.count, count, buildSeconds,
                    zeroShot.calibrator.temperature))
            print(report.formatted)
            print("")
            print(String(format: "linear model on the same examples, trained in %.2f s:", linearSeconds))
            print(linearReport.formatted.split(separator: "\n").prefix(4).joined(separator: "\n"))
        }

        /// The declared categories of a config file; a bad file or none declared is a one-line failure.
        static func categories(from setup: String) throws -> [CategoryDefinition] {
            let configuration: AppConfiguration
            do {
                configuration = try AppConfiguration.load(environment: [:], configFile: setup)
            } catch let error as ConfigurationError {
                throw CLIFailure(error.description)
            }
            guard !configuration.team.categories.isEmpty else {
                throw CLIFailure(
                    "\(setup) declares no categories", hint: "see docs/triage.md#team-setup-in-the-config-file")
            }
            return configuration.team.categories
        }

        func loadCategories() throws -> [CategoryDefinition] {
            if let setup { return try Self.categories(from: setup) }
            let rows = try ModelCLISupport.load(train ?? "", text: textColumn, label: labelColumn)
            var generator = SplitMix64(seed: seed)
            let byLabel = Dictionary(grouping: rows, by: \.label)
            return try byLabel.keys.sorted().map { label in
                let drawn = Array(byLabel[label, default: []].shuffled(using: &generator).prefix(examples))
                guard drawn.count >= CategoryDefinition.exampleRange.lowerBound else {
                    throw CLIFailure("\(train ?? ""): label '\(label)' has only \(drawn.count) rows; 3 are needed")
                }
                return CategoryDefinition(
                    name: label, description: label.replacingOccurrences(of: "_", with: " ").lowercased(),
                    examples: drawn.map(\.text))
            }
        }
    }
}
