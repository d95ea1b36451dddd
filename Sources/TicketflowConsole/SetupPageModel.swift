/// What `/console/setup` shows: the team's categories and the tables of its
/// matrix, SLA, business hours and dashboard targets, as the running server
/// uses them. The composition root builds it (the console does not know the
/// triage types), so the page cannot drift from what is in force.
public struct SetupPageModel: Sendable {
    /// One category the category model can assign.
    public struct Category: Sendable {
        public var name: String
        public var description: String
        public var examples: [String]
        public var queue: String

        public init(name: String, description: String = "", examples: [String] = [], queue: String = "") {
            self.name = name
            self.description = description
            self.examples = examples
            self.queue = queue
        }
    }

    /// A titled table of text cells.
    public struct Table: Sendable {
        public struct Row: Sendable { public var cells: [String] }

        public var id: String
        public var title: String
        /// Where the values come from (the config key, or "defaults").
        public var source: String
        public var headers: [String]
        public var rows: [Row]

        public init(id: String, title: String, source: String, headers: [String], rows: [[String]]) {
            self.id = id
            self.title = title
            self.source = source
            self.headers = headers
            self.rows = rows.map { Row(cells: $0) }
        }
    }

    /// Where the categories come from: the model in use and, when declared, the config file.
    public var categorySource: String
    public var categories: [Category]
    public var tables: [Table]

    public init(categorySource: String, categories: [Category], tables: [Table]) {
        self.categorySource = categorySource
        self.categories = categories
        self.tables = tables
    }
}
