import ArgumentParser
import Foundation
import TicketflowTriage

extension ModelCommand {
    /// Shows which words and character n-grams made a model decide as it did for one text.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Explain one decision: the features that made the model choose its label.",
            discussion: """
                The decided label's lead over the runner-up is split into what each feature of the text \
                added or took away (value × weight difference) plus the intercepts' share; the features \
                that moved it most are listed both ways. Uses the built-in starter category model unless \
                --model is given; --sentiment explains the starter sentiment model. Example:
                  ticketflow model explain "my package never arrived"
                """
        )

        @Argument(help: "The text to explain.") var text: String
        @Option(help: "Model file (default: the built-in starter category model).") var model: String?
        @Flag(help: "Explain the built-in starter sentiment model instead.") var sentiment = false
        @Option(help: "How many features to list each way.") var top: Int = 8
        @Flag(help: "Print the explanation as JSON.") var json = false

        func validate() throws {
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
            guard !(sentiment && model != nil) else { throw ValidationError("give --model or --sentiment, not both") }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("the text is empty")
            }
        }

        func run() async throws {
            let classifier =
                try model.map(ModelFile.read(from:))
                ?? (sentiment ? StarterModels.sentimentModel() : StarterModels.categoryModel())
            let explanation = classifier.explain(text, top: top)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
                return
            }
            let prediction = explanation.prediction
            let top = prediction.top.map { String(format: "%@ %.2f", $0.label, $0.probability) }.joined(separator: ", ")
            print("model      \(classifier.header.name)")
            print(String(format: "label      %@ (%.2f)   [%@]", prediction.label, prediction.confidence, top))
            guard let runnerUp = explanation.runnerUp else { return }
            print(
                String(
                    format: "lead       %.3f over %@ = features %+.3f, intercepts %+.3f", explanation.margin, runnerUp,
                    explanation.margin - explanation.interceptMargin, explanation.interceptMargin))
            print("for \(prediction.bestLabel):")
            for item in explanation.supporting {
                print(String(format: "  %+.3f  ", item.contribution) + item.features.joined(separator: ", "))
            }
            print("for \(runnerUp):")
            for item in explanation.opposing {
                print(String(format: "  %+.3f  ", item.contribution) + item.features.joined(separator: ", "))
            }
            if explanation.unseenFeatures > 0 {
                print(
                    "\(explanation.unseenFeatures) features of the text never occurred in training and carry no weight")
            }
        }
    }
}
