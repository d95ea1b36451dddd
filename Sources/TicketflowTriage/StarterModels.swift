import Synchronization

/// Trains the default models from the starter sets that ship as source.
public enum StarterModels {
    /// Category model from `StarterCategoryData`.
    public static func categoryModel() throws -> ClassifierModel {
        try ClassifierTrainer(name: "starter-categories").train(StarterCategoryData.examples)
    }

    /// Weight of the polarity lexicon's block in both starter sentiment models: chosen on dev samples
    /// of TweetEval's and bitext's train files (0.5 against 1 and 2), never their test files.
    public static let sentimentPolarityScale = 0.5
    /// Weight of the sentence vector in the starter sentiment model, on the same dev samples: 1 (57.0% on
    /// TweetEval's) against the trainer's default 2 (54.0%), which suits many intents with more rows.
    public static let sentimentEncoderScale = 1.0
    /// SVM regularisation of the n-gram starter sentiment model, on the same dev samples scored through the
    /// urgency rules (`model eval --sentiment-rules`): 0.03 (57.0% TweetEval, 94.4% bitext neutral) against
    /// 0.1, 0.3 and 1 (53.9%, 92.0%). Its 288 rows are few for its 8,920 n-gram columns. With the encoder,
    /// C made no clear difference (58.3–59.0%), so that model keeps the default 1.
    public static let sentimentNgramC = 0.03

    /// Sentiment model from `StarterSentimentData`, reading n-grams and the polarity lexicon.
    public static func sentimentModel() throws -> ClassifierModel {
        try sentimentTrainer(name: "starter-sentiment", c: sentimentNgramC).train(StarterSentimentData.examples)
    }

    private static func sentimentTrainer(name: String, c: Double = SVMSettings().c) -> ClassifierTrainer {
        var trainer = ClassifierTrainer(solver: SVMSettings(c: c), name: name)
        trainer.polarityScale = sentimentPolarityScale
        trainer.encoderScale = sentimentEncoderScale
        return trainer
    }

    /// Sentiment model with the encoder's features as well, from the same rows: the default whenever a
    /// server has the sentence encoder.
    /// Trained once per encoder per process (every node's start and every test server would otherwise
    /// encode the same rows again).
    public static func sentimentModel(embedder: some TextEmbedder) async throws -> ClassifierModel {
        if let trained = encoderSentiment.withLock({ $0[embedder.model] }) { return trained }
        let rows = StarterSentimentData.examples
        let vectors = try await embedder.embed(rows.map(\.text))
        let model = try sentimentTrainer(name: "starter-sentiment-encoder").train(
            rows, embeddings: TrainingEmbeddings(model: embedder.model, rows: vectors))
        encoderSentiment.withLock { $0[embedder.model] = model }
        return model
    }

    private static let encoderSentiment = Mutex<[String: ClassifierModel]>([:])

    /// Both models and a matrix.
    public static func train(matrix: PriorityMatrix = .defaults) throws -> TriageModels {
        TriageModels(category: try categoryModel(), sentiment: try sentimentModel(), matrix: matrix)
    }
}
