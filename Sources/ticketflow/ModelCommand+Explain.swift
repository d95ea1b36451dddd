import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowEncoder
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
                --model is given; --sentiment explains the starter sentiment model. With --setup FILE and \
                --encoder DIR it explains the zero-shot categories of a config file instead: the probabilities \
                and the declared examples nearest to the text. Examples:
                  ticketflow model explain "my package never arrived"
                  ticketflow model explain "my package never arrived" --setup demo/shop-setup.json \
                    --encoder .build/encoder-model
                """
        )

        @Argument(help: "The text to explain.") var text: String
        @Option(help: "Model file (default: the built-in starter category model).") var model: String?
        @Flag(help: "Explain the built-in starter sentiment model instead.") var sentiment = false
        @Option(help: "How many features to list each way.") var top: Int = 8
        @Flag(help: "Print the explanation as JSON.") var json = false
        @Option(help: "A config file whose declared categories to explain zero-shot (with --encoder).")
        var setup: String?
        @Option(help: "Sentence-encoder model directory: for --setup, and for a model trained with --encoder.")
        var encoder: String?

        func validate() throws {
            guard top > 0 else { throw ValidationError("--top must be at least 1") }
            guard [sentiment, model != nil, setup != nil].filter({ $0 }).count <= 1 else {
                throw ValidationError("give one of --model, --sentiment and --setup")
            }
            guard setup == nil || encoder != nil else { throw ValidationError("--setup needs --encoder DIR") }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("the text is empty")
            }
        }

        func run() async throws {
            if let setup { return try await explainZeroShot(setup) }
            let classifier =
                try model.map(ModelFile.read(from:))
                ?? (sentiment ? StarterModels.sentimentModel() : StarterModels.categoryModel())
            let sentences = try EncoderFeaturesSupport.encoder(for: classifier, directory: encoder)
            let explanation = classifier.explain(text, top: top, embedding: sentences?.encode([text]).first)
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

        /// The zero-shot categories of `setup` on `text`: the decision and the nearest declared examples.
        func explainZeroShot(_ setup: String) async throws {
            let categories = try ZeroShot.categories(from: setup)
            let embedder = try EncoderFeaturesSupport.embeddings(encoder ?? "")
            let zeroShot = try await ZeroShotCategories.build(categories, embedder: embedder)
            let vector = try await embedder.embed([text]).first ?? []
            let prediction = zeroShot.predict(vector: vector, topK: 3)
            let nearest = zeroShot.nearestExamples(vector, top: top)
            if json {
                struct Near: Encodable { var label: String, text: String, cosine: Double }
                struct Output: Encodable { var prediction: ClassPrediction, model: String, nearest: [Near] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let output = Output(
                    prediction: prediction, model: zeroShot.version,
                    nearest: nearest.map { Near(label: $0.label, text: $0.text, cosine: $0.cosine) })
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
                return
            }
            let shares = prediction.top.map { String(format: "%@ %.2f", $0.label, $0.probability) }.joined(
                separator: ", ")
            print("model      \(zeroShot.version) (cosine to each category's centroid)")
            print(String(format: "label      %@ (%.2f)   [%@]", prediction.label, prediction.confidence, shares))
            print("nearest declared examples:")
            for item in nearest { print(String(format: "  %.3f  %@: %@", item.cosine, item.label, item.text)) }
        }
    }
}
