import Synchronization

/// Trains the default models from the starter sets that ship as source.
public enum StarterModels {
    /// Category model from `StarterCategoryData`.
    public static func categoryModel() throws -> ClassifierModel {
        try ClassifierTrainer(name: "starter-categories").train(StarterCategoryData.examples)
    }

    /// Sentiment model from `StarterSentimentData`.
    public static func sentimentModel() throws -> ClassifierModel {
        try ClassifierTrainer(name: "starter-sentiment").train(StarterSentimentData.examples)
    }

    /// Sentiment model with the encoder's features, from `StarterSentimentData.encoderExamples`: the
    /// default whenever a server has the sentence encoder.
    /// Trained once per encoder per process (every node's start and every test server would otherwise
    /// encode the same rows again).
    public static func sentimentModel(embedder: some TextEmbedder) async throws -> ClassifierModel {
        if let trained = encoderSentiment.withLock({ $0[embedder.model] }) { return trained }
        let rows = StarterSentimentData.encoderExamples
        let vectors = try await embedder.embed(rows.map(\.text))
        let model = try ClassifierTrainer(name: "starter-sentiment-encoder").train(
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
