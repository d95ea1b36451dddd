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

    /// Both models and a matrix.
    public static func train(matrix: PriorityMatrix = .defaults) throws -> TriageModels {
        TriageModels(category: try categoryModel(), sentiment: try sentimentModel(), matrix: matrix)
    }
}
