import Foundation

/// One category a team declares in its config file: what it means, messages
/// that belong to it, and where its tickets go. Until the team has labeled
/// history, the category model is trained from these (`categoryModel`).
public struct CategoryDefinition: Codable, Sendable, Equatable {
    /// The label written on tickets: lower-case letters, digits and underscores.
    public var name: String
    /// One line saying what belongs here; it is also a training example.
    public var description: String
    /// 3–10 customer messages that belong here.
    public var examples: [String]
    /// The department or queue its tickets go to, shown to agents; nil for the shared queue.
    public var queue: String?

    public static let exampleRange = 3...10

    public init(name: String, description: String, examples: [String], queue: String? = nil) {
        self.name = name
        self.description = description
        self.examples = examples
        self.queue = queue
    }

    /// Why this definition cannot be used, as (field, reason), or nil when it can.
    public var problem: (field: String, reason: String)? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        if name.isEmpty || name.count > 64 || !name.allSatisfy(allowed.contains) {
            return ("name", "'\(name)' must be 1–64 lower-case letters, digits or underscores")
        }
        if name == ClassifierModel.unknownLabel {
            return ("name", "'unknown' is the label for tickets no category fits; it cannot be declared")
        }
        if description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return ("description", "must not be empty")
        }
        if !Self.exampleRange.contains(examples.count) {
            return ("examples", "needs 3 to 10 messages, got \(examples.count)")
        }
        if let blank = examples.firstIndex(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            return ("examples[\(blank)]", "must not be empty")
        }
        if let queue, queue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return ("queue", "must not be empty when given")
        }
        return nil
    }

    /// The rows a category model learns from: each example and the description.
    public static func trainingRows(_ categories: [CategoryDefinition]) -> [LabeledText] {
        categories.flatMap { category in
            (category.examples + [category.description]).map { LabeledText(text: $0, label: category.name) }
        }
    }

    /// A linear category model trained on the declared categories, for a team without labeled history.
    public static func categoryModel(_ categories: [CategoryDefinition]) throws -> ClassifierModel {
        try ClassifierTrainer(name: "config-categories").train(trainingRows(categories))
    }
}
