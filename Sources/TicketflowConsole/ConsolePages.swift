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
            let id: String
            let title: String
            let category: String
            let tags: String
            let version: Int
            let updated: String
        }

        let count: Int
        let articles: [Article]
    }

    /// `/console/kb/:id`.
    struct KnowledgeArticle {
        let title: String
        let category: String
        let tags: String
        let version: Int
        let updated: String
        let source: String
        let body: String
    }

    /// `/console/team`.
    struct Team {
        struct Member {
            let name: String
            let email: String
            let role: String
            let created: String
            /// Everyone but the viewer (nobody removes themselves); the row's form takes `csrf` from the frame.
            let removable: Bool
        }

        let count: Int
        let minimumPassword: Int
        let users: [Member]
        /// "1 person", "3 people" (a stored value: Mustache reads stored properties only).
        let headcount: String
    }
}
