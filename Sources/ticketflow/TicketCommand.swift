import ArgumentParser
import Foundation
import Logging
import TicketflowApp
import TicketflowAuth
import TicketflowCore

/// `ticketflow ticket create|show|list`: works on the store directly, no server needed.
struct TicketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Create, show and list tickets directly in the store.",
        subcommands: [Create.self, Show.self, List.self, RatingLinks.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a ticket and run it through the pipeline.")

        @OptionGroup var store: StoreOptions
        @Option(help: "The customer's message.") var body: String
        @Option(help: "Subject line (default: the first line of the body).") var subject: String?
        @Option(help: "The channel the message came in on.") var channel: Channel = .api
        @Option(help: "The ticket's id in your helpdesk; a repeat returns the same ticket.") var externalId: String?
        @Option(help: "Customer email.") var customerEmail: String?
        @Flag(help: "Print the stored ticket as JSON.") var json = false

        func run() async throws {
            let request = IntakeRequest(
                subject: subject, body: body, channel: channel, externalID: externalId,
                customer: customerEmail.map { CustomerInput(email: $0) })
            let result = try await CLIServices.with(store) { try await $0.tickets.intake(request) }
            try TicketPrinter.print(result.detail, json: json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a ticket, its conversation and decision trace.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "Ticket id.") var id: Int64
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            guard let detail = try await CLIServices.with(store, { try await $0.store.ticketDetail(id: id) }) else {
                throw CLIFailure("no ticket \(id)", hint: "see ticketflow ticket list")
            }
            try TicketPrinter.print(detail, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets, newest first.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this status.") var status: TicketStatus?
        @Option(help: "Only this route.") var route: Route?
        @Option(help: "Only this category.") var category: String?
        @Option(help: "How many (1–200).") var limit: Int = 20

        func validate() throws {
            guard (1...TicketQuery.maximumLimit).contains(limit) else { throw ValidationError("--limit must be 1–200") }
        }

        func run() async throws {
            var query = TicketQuery(category: category, limit: limit)
            query.status = status
            query.route = route
            let page = try await CLIServices.with(store) { try await $0.store.listTickets(query) }
            TicketPrinter.printTable(page.tickets)
        }
    }
}

extension TicketCommand {
    /// `ticketflow ticket rating-links ID`: the signed one-click CSAT links for an email.
    struct RatingLinks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rating-links",
            abstract: "Print the five signed one-click rating links (scores 1–5) for a ticket's answer."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "Ticket id.") var id: Int64
        @Option(help: "The server's public base URL.") var baseURL = "http://127.0.0.1:8080"
        @Option(help: "Days the links stay valid.") var days = 14

        func validate() throws {
            guard (1...365).contains(days) else { throw ValidationError("--days must be 1–365") }
            // Customers click these links: any other text printed links that open nothing.
            guard baseURL.isAbsoluteWebURL else {
                throw ValidationError(
                    "--base-url must be the server's public http:// or https:// address, got "
                        + ConfigurationError.quoted(baseURL))
            }
        }

        func run() async throws {
            let path = try await CLIServices.with(store) { services -> String in
                guard let detail = try await services.store.ticketDetail(id: id) else {
                    throw CLIFailure("no ticket \(id)", hint: "see ticketflow ticket list")
                }
                // The links rate the latest answer (as the store does); a customer
                // must not be asked to rate a conversation nobody answered yet.
                guard detail.messages.contains(where: { $0.author == .ai || $0.author == .agent }) else {
                    throw CLIFailure(
                        "ticket \(id) has no answer to rate yet",
                        hint: "send rating links after the AI or an agent has answered")
                }
                guard let signer = services.ratingLinks else { throw CLIFailure("rating links are not configured") }
                return signer.path(ticketID: id, expires: Date().addingTimeInterval(Double(days) * 86_400))
            }
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            for score in 1...5 { print("\(score): \(base)\(path)?score=\(score)") }
        }
    }
}
