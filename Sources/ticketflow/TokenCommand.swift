import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowAuth
import TicketflowCore

/// `ticketflow token`: bearer tokens for API clients.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API bearer tokens.",
        subcommands: [Create.self, List.self, Revoke.self])
}

extension TokenCommand {
    /// `ticketflow token create`: prints the secret once; only its SHA-256 is stored.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an API token and print it once.",
            discussion: """
                api tokens only open tickets and add customer messages, on one channel (--channel, default api); \
                knowledge tokens only change the knowledge base; agent tokens read and work tickets (/v1/tickets, \
                /v1/agent); admin tokens can do everything. See docs/security.md.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "api (intake only), knowledge (knowledge-base writes only), agent or admin.")
        var role: AgentRole = .api

        @Option(
            help:
                "For api tokens: the channel whose tickets it opens and continues (email, chat, api, webhook; default api)."
        )
        var channel: Channel?

        @Option(help: "What the token is for; recorded on every action it performs.")
        var name: String = "api-client"

        func validate() throws {
            if channel != nil, role != .api { throw ValidationError("--channel is for api tokens only") }
        }

        func run() async throws {
            try await CLIServices.with(store) { services in
                let (secret, token) = try await services.accounts.createAPIToken(
                    name: name, role: role, channel: channel)
                FileHandle.standardError.write(
                    Data(
                        "created \(token.role.rawValue) token '\(token.name)' (id \(token.id)); it is shown only now:\n"
                            .utf8))
                print(secret)
            }
        }
    }

    /// `ticketflow token list`: ids, roles and names; secrets are never stored, so never shown.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List API tokens (not their secrets).")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await CLIServices.with(store) { services in
                let tokens = try await services.store.apiTokens()
                if tokens.isEmpty {
                    print("no API tokens; create one with: ticketflow token create --role api --name NAME")
                }
                for token in tokens {
                    print(
                        "\(token.id)\t\(token.role.rawValue)\t\(token.name)\t\(ISO8601DateFormatter().string(from: token.createdAt))\t\(token.channel?.rawValue ?? "-")"
                    )
                }
            }
        }
    }

    /// `ticketflow token revoke`: a leaked or retired token stops working at once.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke an API token by id (see token list); requests with it are refused from then on.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The token's id.")
        var id: Int64

        func run() async throws {
            try await CLIServices.with(store) { services in
                guard try await services.store.deleteAPIToken(id: id) else {
                    throw CLIFailure("no API token with id \(id)", hint: "see ticketflow token list")
                }
                print("revoked API token \(id)")
            }
        }
    }
}
