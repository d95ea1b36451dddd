/// How files become articles: category override and the FAQ table's column names.
public struct ArticleImportOptions: Sendable, Equatable {
    /// Category given to every imported article, overriding what files declare.
    public var category: String?
    /// Language for articles that do not declare one.
    public var language: String
    /// FAQ tables: the question column (becomes the title).
    public var questionColumn: String
    /// FAQ tables: the answer column (becomes the body).
    public var answerColumn: String
    /// FAQ tables: an optional stable id column; without it the question's hash is the id.
    public var idColumn: String
    /// FAQ tables: an optional per-row category column.
    public var categoryColumn: String
    /// FAQ tables: an optional tags column, comma or semicolon separated.
    public var tagsColumn: String

    /// Creates options; the defaults match a `question,answer` FAQ export.
    public init(
        category: String? = nil, language: String = "en", questionColumn: String = "question",
        answerColumn: String = "answer", idColumn: String = "id", categoryColumn: String = "category",
        tagsColumn: String = "tags"
    ) {
        self.category = category
        self.language = language
        self.questionColumn = questionColumn
        self.answerColumn = answerColumn
        self.idColumn = idColumn
        self.categoryColumn = categoryColumn
        self.tagsColumn = tagsColumn
    }
}
