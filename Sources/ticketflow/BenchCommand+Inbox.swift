import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowDatasets

extension BenchCommand {
    /// `ticketflow bench inbox`: how fast the console's inbox searches and filters a large store.
    struct Inbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inbox",
            abstract: "Search and filter the inbox of a fresh store holding many tickets; print latency.",
            discussion: """
                Stores --count tickets on a fresh SQLite store (or the empty PostgreSQL database of \
                --database-url), one per text of --tickets, cycling through them, with a subject, a customer and a status, without running the pipeline. Then runs the inbox's own queries one at a \
                time: one-word searches, two-word searches, a search within a status, a filter without search, \
                and the next page. Prints p50, p95 and p99 in milliseconds and the rows found. Example:
                  ticketflow bench inbox --tickets ../shared/data/bitext/train.csv --text-column instruction --count 20000
                """
        )

        @Option(help: "Texts for the tickets: CSV, TSV or JSONL.") var tickets: String
        @Option(help: "Column holding the text.") var textColumn: String
        @Option(help: "How many tickets to store.") var count = 20_000
        @Option(help: "Queries of each kind.") var queries = 200
        @Option(help: "An empty PostgreSQL database to use instead of SQLite (postgres://...).") var databaseURL:
            String?

        func run() async throws {
            let texts = try Table.read(path: tickets).values(of: textColumn).filter { !$0.isEmpty }
            guard !texts.isEmpty else { throw CLIFailure("no texts in \(tickets)") }
            try await BenchSupport.withFreshStore(
                durability: .normal, configure: { [databaseURL] in $0.databaseURL = databaseURL }
            ) { services in
                let store = services.store
                guard try await store.ticketCount() == 0 else { throw CLIFailure("the database is not empty") }
                let started = ContinuousClock.now
                let statuses: [TicketStatus] = [.autoResolved, .awaitingReview, .resolved, .escalated, .closed]
                let names = ["Jane Cooper", "Omar Haddad", "Li Wei", "Zoë Müller", "Sam Roe", "Ana Lima"]
                let t0 = Date().addingTimeInterval(-Double(count) * 60)
                for index in 0..<count {
                    let text = texts[index % texts.count]
                    let at = t0.addingTimeInterval(Double(index) * 60)
                    let ticket = Ticket(
                        id: 0, channel: index % 3 == 0 ? .chat : .email,
                        subject: text.split(separator: " ").prefix(6).joined(separator: " "),
                        status: statuses[index % statuses.count], category: "general", createdAt: at)
                    _ = try await store.createTicket(
                        TicketIntake(
                            idempotencyKey: nil, requestFingerprint: nil,
                            customer: CustomerInput(
                                externalID: "c\(index % 5000)", name: names[index % names.count],
                                email: "customer\(index % 5000)@example.com"),
                            ticket: ticket, messages: [NewMessage(author: .customer, body: text, createdAt: at)],
                            trace: []))
                }
                print(String(format: "stored %d tickets in %.1f s", count, BenchSupport.seconds(since: started)))
                // Search words as agents type them: a content word of a stored text, every k-th text.
                let words = texts.enumerated().filter { $0.offset % max(1, texts.count / queries) == 0 }.compactMap {
                    $0.element.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 5 }.first
                }.prefix(queries)
                let pairs = zip(words, words.dropFirst(3)).map { "\($0) \($1.prefix(4))" }
                let first = try await store.inbox(InboxQuery())
                let kinds: [(String, [InboxQuery])] = [
                    ("one word", words.map { InboxQuery(text: $0) }),
                    ("two words (the second a prefix)", pairs.map { InboxQuery(text: $0) }),
                    (
                        "one word, status awaiting_review",
                        words.map { InboxQuery(text: $0, statuses: [.awaitingReview]) }
                    ),
                    (
                        "no search, open statuses, 200 rows",
                        words.map { _ in
                            InboxQuery(statuses: [.awaitingReview, .escalated], limit: InboxQuery.maximumLimit)
                        }
                    ),
                    ("next page of everything", words.map { _ in InboxQuery(before: first.nextBefore) }),
                ]
                for (name, list) in kinds {
                    var milliseconds: [Double] = []
                    var rows = 0
                    for query in list {
                        let begin = ContinuousClock.now
                        rows += try await store.inbox(query).entries.count
                        milliseconds.append(BenchSupport.seconds(since: begin) * 1000)
                    }
                    func p(_ q: Double) -> Double { SupportMetrics.percentile(milliseconds, q) ?? 0 }
                    print(
                        String(
                            format: "%@: %d queries, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, %.1f rows on average",
                            name, list.count, p(50), p(95), p(99), Double(rows) / Double(max(1, list.count))))
                }
            }
        }
    }
}
