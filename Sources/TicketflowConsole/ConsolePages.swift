/// The typed models of the simpler console pages; each property is a
/// template key (`{{count}}`, `{{#entries}}`). The ticket page and the
/// dashboard have their own models (`TicketPageModel`, `DashboardModel`).
enum ConsolePages {
    /// A `<select>` option.
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    /// The error and refusal page.
    struct Problem {
        let heading: String
        let detail: String
        let backLink: String
        let backLabel: String
    }

    /// The sign-in form.
    struct Login {
        let loginCSRF: String
        let next: String
        let email: String
        let error: String?
    }

    /// `/console/queue`.
    struct Queue {
        struct Entry {
            let id: Int64
            let subject: String
            let priority: String
            let category: String
            let urgency: String
            let route: String
            let status: String
            let assignee: String
            let waiting: String
            let due: String
            let breached: Bool
        }

        let count: Int
        let entries: [Entry]
        let routes: [Option]
        let categories: [Option]
        /// The team's queues; empty hides the filter.
        let queues: [Option]
        let assignees: [Option]
        /// Stored, not computed: Mustache reads stored properties.
        let hasQueues: Bool
    }

    /// `/console/kb`.
    struct KnowledgeList {
        struct Article {
            /// The id as a URL path segment (`Article.pathSegment(for:)`).
            let path: String
            let title: String
            let category: String
            let tags: String
            let version: Int
            let updated: String
        }

        let count: Int
        let articles: [Article]
        /// The search typed, and whether the list is its result.
        let query: String
        let searched: Bool
        /// Whether the viewer may write and delete articles (admins).
        let editor: Bool
        /// Groups of recent questions the knowledge base had nothing for; empty while searching.
        let gaps: [Gap]
        let hasGaps: Bool

        struct Gap {
            struct Example {
                let id: Int64
                let subject: String
            }
            let terms: String
            let count: Int
            let examples: [Example]
        }
    }

    /// `/console/kb/:id`.
    struct KnowledgeArticle {
        /// The id as a URL path segment (`Article.pathSegment(for:)`).
        let path: String
        let title: String
        let category: String
        let tags: String
        let version: Int
        let updated: String
        let source: String
        /// The body rendered by `MarkdownPreview` (escaped there), shown unescaped with `{{{ }}}`.
        let bodyHTML: String
        let editor: Bool
        /// Answers that cited it (the newest 100): how many, by whom, and how many of their tickets are settled.
        let citedSummary: String
        let recent: [Citing]

        struct Citing {
            let ticketID: Int64
            let subject: String
            let status: String
            let author: String
            let time: String
        }
    }

    /// `/console/kb/new`, `/console/kb/:id/edit`, and the editor after Preview.
    struct KnowledgeEditor {
        /// Empty for a new article.
        let id: String
        let title: String
        let category: String
        let tags: String
        let body: String
        /// The body rendered, after Preview; nil before.
        let previewHTML: String?
    }

    /// `/console/team`.
    struct Team {
        struct Member {
            let name: String
            let email: String
            let role: String
            let created: String
            let active: Bool
            /// online, "seen <time>", "not seen yet" or deactivated.
            let presence: String
            /// Everyone but the viewer (nobody removes themselves or changes their own role); the row's forms
            /// take `csrf` from the frame.
            let removable: Bool
            /// The other role, offered by the row's role form.
            let otherRole: String
        }

        let count: Int
        let minimumPassword: Int
        let users: [Member]
        /// "1 person", "3 people" (a stored value: Mustache reads stored properties only).
        let headcount: String
    }
}
