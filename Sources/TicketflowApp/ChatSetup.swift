import Foundation
import TicketflowChat
import TicketflowConsole

/// The chat widget's sites and limits from the config file (`chat_sites`, `chat_limits`),
/// refused at start-up with the exact key and reason like the rest of the team's setup.
public struct ChatSetup: Sendable, Equatable {
    public var sites: [ChatSite] = []
    public var limits = ChatLimits()

    public init() {}

    /// The config-file keys this reads.
    public static let keys: Set<String> = ["chat_sites", "chat_limits"]

    mutating func set(_ key: String, json: Any) throws {
        let value = ConfigValue(path: key, value: json)
        switch key {
        case "chat_sites": sites = try Self.sites(value)
        case "chat_limits": limits = try Self.limits(value)
        default: throw value.error("unknown setting")
        }
    }

    /// The settings a server runs with; in demo mode the site `demo` (added when
    /// missing) also accepts the server's own origin, so `/demo/chat` works as it is.
    func settings(demo: Bool, host: String, port: Int) -> ChatSettings {
        var sites = self.sites
        if demo {
            let own = Self.ownOrigins(host: host, port: port)
            if let index = sites.firstIndex(where: { $0.id == "demo" }) {
                sites[index].allowedOrigins.formUnion(own)
            } else {
                sites.append(ChatSite(id: "demo", allowedOrigins: own, title: "Northwind Support"))
            }
        }
        return ChatSettings(sites: sites, limits: limits)
    }

    /// `http://host:port`, and the loopback names for a server on loopback.
    static func ownOrigins(host: String, port: Int) -> Set<String> {
        var hosts: Set<String> = [host]
        if AppConfiguration.isLoopback(host) || host == "0.0.0.0" { hosts.formUnion(["127.0.0.1", "localhost"]) }
        return Set(hosts.map { "http://\($0):\(port)" })
    }

    static func sites(_ value: ConfigValue) throws -> [ChatSite] {
        var seen: Set<String> = []
        return try value.array().map { item in
            let fields = try item.object(allowed: [
                "id", "allowed_origins", "identity_secret", "title", "greeting", "color", "position", "token_days",
                "stream_answers",
            ])
            guard let idValue = fields["id"] else { throw item.error("needs an id") }
            let id = try idValue.string()
            guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw idValue.error("must be 1 to 64 letters, digits, '-' or '_'") }
            guard seen.insert(id).inserted else {
                throw idValue.error("\(ConfigurationError.quoted(id)) is declared twice")
            }
            guard let originsValue = fields["allowed_origins"] else {
                throw item.error("needs allowed_origins, the exact origins (https://shop.example.com) of its pages")
            }
            let origins = try originsValue.array().map { entry in
                let origin = try entry.string()
                guard let url = URL(string: origin), let scheme = url.scheme, scheme == "https" || scheme == "http",
                    url.host != nil, url.path.isEmpty || url.path == "/", url.query == nil
                else {
                    throw entry.error(
                        "\(ConfigurationError.quoted(origin)) is not an origin like https://shop.example.com")
                }
                return origin
            }
            var site = ChatSite(id: id, allowedOrigins: Set(origins))
            if let secret = fields["identity_secret"] {
                let text = try secret.string()
                guard text.utf8.count >= 16 else { throw secret.error("must be at least 16 characters") }
                site.identitySecret = text
            }
            if let title = fields["title"] { site.title = try title.line(upTo: 80) }
            if let greeting = fields["greeting"] { site.greeting = try greeting.line(upTo: 500) }
            if let color = fields["color"] {
                let text = try color.string()
                // A colour lands in the widget's CSS: only plain colour syntax gets there.
                guard text.count <= 32, text.allSatisfy({ $0.isLetter || $0.isNumber || "#(),. %".contains($0) }) else {
                    throw color.error("\(ConfigurationError.quoted(text)) is not a CSS colour like #2563eb")
                }
                site.color = text
            }
            if let position = fields["position"] {
                let text = try position.string()
                guard text == "right" || text == "left" else { throw position.error("must be right or left") }
                site.position = text
            }
            if let days = fields["token_days"] { site.tokenLifetime = Double(try days.integer(in: 1...365)) * 86_400 }
            if let stream = fields["stream_answers"] { site.streamsAnswers = try stream.boolean() }
            return site
        }
    }

    static func limits(_ value: ConfigValue) throws -> ChatLimits {
        let fields = try value.object(allowed: [
            "max_message_chars", "messages_per_visitor_per_minute", "requests_per_address_per_minute",
            "connections_per_visitor",
        ])
        var limits = ChatLimits()
        if let v = fields["max_message_chars"] { limits.maximumMessageCharacters = try v.integer(in: 1...20_000) }
        if let v = fields["messages_per_visitor_per_minute"] {
            limits.messagesPerVisitorPerMinute = try v.integer(in: 1...10_000)
        }
        if let v = fields["requests_per_address_per_minute"] {
            limits.requestsPerAddressPerMinute = try v.integer(in: 1...1_000_000)
        }
        if let v = fields["connections_per_visitor"] { limits.connectionsPerVisitor = try v.integer(in: 1...100) }
        return limits
    }
}

extension ChatSettings {
    /// The chat's tables for `/console/setup`: each site with its snippet, and the limits.
    func setupTables() -> [SetupPageModel.Table] {
        guard !sites.isEmpty else { return [] }
        let rows = sites.values.sorted { $0.id < $1.id }.map { site in
            [
                site.id, site.allowedOrigins.sorted().joined(separator: " "),
                site.identitySecret == nil ? "anonymous only" : "signed users accepted",
                site.streamsAnswers ? "checked preview while written" : "whole, once the gate sends it",
                "<script src=\"https://YOUR-TICKETFLOW-HOST\(WidgetAsset.path)\" data-site=\"\(site.id)\" async></script>",
            ]
        }
        return [
            SetupPageModel.Table(
                id: "chat-sites", title: "Chat widget sites", source: "config file: chat_sites",
                headers: ["Site", "Allowed origins", "Identity", "LLM answers", "Snippet"], rows: rows),
            SetupPageModel.Table(
                id: "chat-limits", title: "Chat limits", source: "config file: chat_limits, or defaults",
                headers: ["Limit", "Value"],
                rows: [
                    ["Message size", "\(limits.maximumMessageCharacters) characters"],
                    ["Messages per visitor", "\(limits.messagesPerVisitorPerMinute) a minute"],
                    ["Requests per address", "\(limits.requestsPerAddressPerMinute) a minute"],
                    ["Live connections per visitor", "\(limits.connectionsPerVisitor)"],
                ]),
        ]
    }
}
