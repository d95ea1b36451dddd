import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowDatasets
import TicketflowEncoder
import TicketflowTriage

/// `ticketflow model ...`: train, evaluate and benchmark the built-in classifiers.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Train, evaluate and benchmark the built-in triage and sentiment classifiers.",
        subcommands: [
            Train.self, Eval.self, Bench.self, Retrain.self,
            Publish.self, Explain.self, ZeroShot.self, DistillEncoder.self,
        ]
    )
}

extension ModelCommand {
    /// Trains a classifier from any CSV/TSV/JSONL with a text and a label column.
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a classifier (categories, intents or sentiment) from labeled rows.",
            discussion: """
                Calibration uses --validation when given (its rows with labels absent from \
                training count as out-of-scope examples for the unknown threshold), otherwise \
                15% of each class held back from training.
                """
        )

        @Option(help: "Training data: .csv, .tsv or .jsonl.") var data: String
        @Option(help: "Column holding the text.") var textColumn: String
        @Option(help: "Column holding the label.") var labelColumn: String
        @Option(help: "Validation data for calibration and the unknown threshold (never use test data).")
        var validation: String?
        @Option(help: "Where to write the model file (missing folders are created).") var out: String
        @Option(help: "Model name stored in the header.") var name: String?
        @Option(help: "SVM regularisation C (higher fits the training data more closely).") var c: Double = 1.0
        @Option(help: "Seed for shuffles and the calibration split.") var seed: UInt64 = 42
        @Option(help: "Sentence-encoder model directory: its vectors become a second block of features.")
        var encoder: String?
        @Option(help: "Weight of the sentence vectors against the n-grams (with --encoder).")
        var encoderScale: Double = ClassifierTrainer().encoderScale
        @OptionGroup var polarity: PolarityOption

        func validate() throws {
            try ModelCLISupport.requirePositive(c, "--c")
            try ModelCLISupport.requirePositive(encoderScale, "--encoder-scale")
        }

        func run() async throws {
            let rows = try ModelCLISupport.load(data, text: textColumn, label: labelColumn)
            let validationRows = try validation.map {
                try ModelCLISupport.load($0, text: textColumn, label: labelColumn)
            }
            var trainer = ClassifierTrainer(
                solver: SVMSettings(c: c, seed: seed),
                name: name ?? URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent)
            trainer.encoderScale = encoderScale
            trainer.polarityScale = polarity.polarityScale
            let embeddings = try encoder.map { directory in
                let sentences = try EncoderFeaturesSupport.load(directory)
                return TrainingEmbeddings(
                    model: sentences.identity,
                    rows: EncoderFeaturesSupport.vectors(rows.map(\.text), encoder: sentences, what: "training rows"),
                    validation: EncoderFeaturesSupport.vectors(
                        validationRows?.map(\.text) ?? [], encoder: sentences, what: "validation rows"))
            }
            var model = try trainer.train(rows, validation: validationRows, embeddings: embeddings) { message in
                FileHandle.standardError.write(Data("  \(message)\n".utf8))
            }
            model.header.textColumn = textColumn
            model.header.labelColumn = labelColumn
            try ModelCLISupport.createParentDirectory(of: out)
            try ModelFile.write(model, to: out)
            print(TrainingSummary(model: model).formatted)
            print("wrote \(out)")
        }
    }

    /// Evaluates a model file on labeled rows.
    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract:
                "Evaluate a model: accuracy, macro-F1, per-class precision/recall, confusions, calibration, throughput."
        )

        @Option(help: "Model file from `model train`.") var model: String?
        @Option(
            help: """
                A built-in starter model instead of a file: category or sentiment (with --encoder, the sentiment \
                model a server with encoder_dir uses).
                """)
        var starter: StarterModel?
        @Option(help: "Labeled data: .csv, .tsv or .jsonl.") var data: String
        @Option(help: "Text column (default: the one the model was trained on).") var textColumn: String?
        @Option(help: "Label column (default: the one the model was trained on).") var labelColumn: String?
        @Option(help: "Sentence-encoder model directory, for a model trained with --encoder.") var encoder: String?
        @Flag(
            help: """
                Score the sentiment the pipeline outputs (the model's label through the urgency rules) instead of \
                the model's own label; `urgent` counts as `negative` when the data has no `urgent` label.
                """)
        var sentimentRules = false
        @Flag(help: "Print the report as JSON.") var json = false

        enum StarterModel: String, ExpressibleByArgument, CaseIterable {
            case category, sentiment
        }

        func validate() throws {
            guard (model == nil) != (starter == nil) else { throw ValidationError("give one of --model and --starter") }
        }

        func run() async throws {
            let classifier: ClassifierModel
            switch (model, starter) {
            case (let path?, _): classifier = try ModelFile.read(from: path)
            case (nil, .category?): classifier = try StarterModels.categoryModel()
            case (nil, .sentiment?):
                if let encoder {
                    classifier = try await StarterModels.sentimentModel(
                        embedder: EncoderFeaturesSupport.embeddings(encoder))
                } else {
                    classifier = try StarterModels.sentimentModel()
                }
            case (nil, nil): throw ValidationError("give one of --model and --starter")
            }
            let sentences = try EncoderFeaturesSupport.encoder(for: classifier, directory: encoder)
            guard let text = textColumn ?? classifier.header.textColumn,
                let label = labelColumn ?? classifier.header.labelColumn
            else {
                throw ValidationError("give --text-column and --label-column (the model does not record them)")
            }
            let rows = try ModelCLISupport.load(data, text: text, label: label)
            let report: EvaluationReport
            if sentimentRules {
                do {
                    report = try EvaluationReport.evaluateSentiment(
                        model: classifier, rows: rows, embed: sentences?.encode)
                } catch let error as TrainingError {
                    throw CLIFailure(error.message, hint: "--sentiment-rules is for sentiment models")
                }
            } else {
                report = EvaluationReport.evaluate(model: classifier, rows: rows, embed: sentences?.encode)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(
                    "model \(classifier.header.version): \(classifier.labels.count) labels, \(classifier.header.trainingRows) training rows"
                )
                if sentimentRules {
                    print("scored: the pipeline's sentiment, the model's label through the urgency rules")
                }
                print(report.formatted)
            }
        }
    }
}

/// `--polarity-scale`, shared by `model train` and `model bench`.
struct PolarityOption: ParsableArguments {
    @Option(help: "Add the VADER polarity lexicon's scores as a block of features, at this weight (sentiment models).")
    var polarityScale: Double?

    func validate() throws {
        if let polarityScale { try ModelCLISupport.requirePositive(polarityScale, "--polarity-scale") }
    }
}

/// Shared loading for the model commands.
enum ModelCLISupport {
    /// A weight or regularisation constant: anything else trains a model that is nonsense (C ≤ 0)
    /// or cannot be written (C = inf has no JSON form).
    static func requirePositive(_ value: Double, _ flag: String) throws {
        guard value > 0, value.isFinite else {
            throw ValidationError("\(flag) must be a positive number, got \(value)")
        }
    }

    /// Loads labeled rows; an empty result is a failure, not an empty model.
    static func load(_ path: String, text: String, label: String) throws -> [LabeledText] {
        let pairs = try Table.read(path: path).labeledTexts(text: text, label: label)
        if pairs.isEmpty {
            throw CLIFailure(
                "\(path): no rows with both '\(text)' and '\(label)' filled in",
                hint: "check --text-column and --label-column against the file's header")
        }
        return pairs.map { LabeledText(text: $0.text, label: $0.label) }
    }

    /// Creates the folder `file` goes into (and its parents) when missing,
    /// so `--out ticketflow-data/models/category.tfm` works on a fresh data directory.
    static func createParentDirectory(of file: String) throws {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIFailure(
                "cannot create \(folder.path): \(error.fileSystemReason)",
                hint: "choose an --out path in a folder you can write")
        }
    }
}

extension ModelCommand {
    /// Measures training time, accuracy and throughput, to compare with the scikit-learn peer.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Benchmark training time, accuracy, single-text and batch throughput of a classifier.",
            discussion: """
                Prints key=value figures in the same shape as shared/peers/classify_sklearn.py; run \
                both one after the other and compare ratios. full_triage_* times classifier + \
                sentiment model + urgency signals + routing per text, one thread.
                """
        )

        @Option(help: "Training data.") var data: String
        @Option(help: "Test data.") var test: String
        @Option(help: "Column holding the text.") var textColumn: String
        @Option(help: "Column holding the label.") var labelColumn: String
        @Option(help: "Repeat the single-text pass this many times (steadier figures).") var repeats: Int = 3
        @Option(help: "Sentence-encoder model directory: train and run with encoder features (times include encoding).")
        var encoder: String?
        @Option(help: "Weight of the sentence vectors against the n-grams (with --encoder).")
        var encoderScale: Double = ClassifierTrainer().encoderScale
        @OptionGroup var polarity: PolarityOption

        func validate() throws {
            try ModelCLISupport.requirePositive(encoderScale, "--encoder-scale")
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        }

        func run() async throws {
            let rows = try ModelCLISupport.load(data, text: textColumn, label: labelColumn)
            let testRows = try ModelCLISupport.load(test, text: textColumn, label: labelColumn)
            let sentences = try encoder.map(EncoderFeaturesSupport.load)
            var started = ContinuousClock.now
            var trainer = ClassifierTrainer(name: "bench")
            trainer.encoderScale = encoderScale
            trainer.polarityScale = polarity.polarityScale
            let embeddings = sentences.map {
                TrainingEmbeddings(model: $0.identity, rows: $0.encode(rows.map(\.text)))
            }
            let model = try trainer.train(rows, embeddings: embeddings)
            let trainSeconds = BenchSupport.seconds(since: started)
            let report = EvaluationReport.evaluate(model: model, rows: testRows, embed: sentences?.encode)
            let texts = testRows.map(\.text)
            func predict(_ text: String) -> ClassPrediction {
                model.predict(text, embedding: sentences?.encode([text]).first)
            }
            var checksum = 0
            started = ContinuousClock.now
            for _ in 0..<repeats {
                for text in texts { checksum &+= predict(text).label.utf8.count }
            }
            let singleRate = Double(texts.count * repeats) / BenchSupport.seconds(since: started)
            started = ContinuousClock.now
            for _ in 0..<repeats {
                if let sentences {
                    checksum &+= zip(texts, sentences.encode(texts)).map { model.predict($0, embedding: $1) }.count
                } else {
                    checksum &+= model.predictBatch(texts).count
                }
            }
            let batchRate = Double(texts.count * repeats) / BenchSupport.seconds(since: started)
            let triage = TriageModels(category: model, sentiment: try StarterModels.sentimentModel())
            started = ContinuousClock.now
            for _ in 0..<repeats {
                for text in texts {
                    let decided = sentences.map { _ in
                        CategoryDecision(
                            prediction: predict(text), engine: "builtin-linear-svm+encoder",
                            version: model.header.version, threshold: model.header.unknownThreshold)
                    }
                    checksum &+= triage.triage(text, decided: decided).urgency
                }
            }
            let triageRate = Double(texts.count * repeats) / BenchSupport.seconds(since: started)
            let fileBytes = try ModelFile.encode(model).count
            print(
                "train_rows=\(rows.count) test_rows=\(testRows.count) classes=\(model.labels.count) feature_columns=\(model.space.columnCount)\(model.header.encoder.map { "+\($0.dimension)" } ?? "")"
            )
            print(
                String(
                    format: "accuracy=%.2f macro_f1=%.2f ece=%.4f", report.accuracy * 100, report.macroF1 * 100,
                    report.expectedCalibrationError))
            print(
                String(
                    format:
                        "train_s=%.2f single_texts_per_s=%.0f batch_texts_per_s=%.0f full_triage_single_texts_per_s=%.0f",
                    trainSeconds, singleRate, batchRate, triageRate))
            print(
                String(
                    format: "model_memory_mb=%.1f model_file_mb=%.2f (checksum %d)",
                    Double(model.memoryBytes) / 1_048_576, Double(fileBytes) / 1_048_576, checksum))
        }
    }
}
