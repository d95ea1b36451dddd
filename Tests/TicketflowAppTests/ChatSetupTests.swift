import Foundation
import Testing
import TicketflowApp
import TicketflowChat
import TicketflowTesting

/// `chat_sites` and `chat_limits` from the config file: read whole, refused with the exact key.
@Suite struct ChatSetupTests {
    static func load(_ text: String) throws -> AppConfiguration {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/config.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try AppConfiguration.load(environment: [:], configFile: file)
    }

    @Test func sitesAndLimitsAreRead() throws {
        let chat = try Self.load(
            #"""
            {"chat_sites": [{"id": "shop", "allowed_origins": ["https://Shop.example.com/"],
                             "identity_secret": "0123456789abcdef", "color": "#0f766e", "position": "left",
                             "token_days": 3, "stream_answers": true},
                            {"id": "blog", "allowed_origins": ["https://blog.example.com"]}],
             "chat_limits": {"max_message_chars": 500, "connections_per_visitor": 2}}
            """#
        ).chat
        let site = try #require(chat.sites.first { $0.id == "shop" })
        #expect(site.streamsAnswers)
        #expect(chat.sites.first { $0.id == "blog" }?.streamsAnswers == false)
        #expect(site.allows(origin: "https://shop.example.com"))
        #expect(site.identitySecret == "0123456789abcdef" && site.position == "left" && site.color == "#0f766e")
        #expect(site.tokenLifetime == 3 * 86_400)
        #expect(chat.limits.maximumMessageCharacters == 500 && chat.limits.connectionsPerVisitor == 2)
        #expect(chat.limits.messagesPerVisitorPerMinute == ChatLimits().messagesPerVisitorPerMinute)
    }

    @Test(arguments: [
        (#"{"chat_sites": [{"allowed_origins": []}]}"#, "chat_sites[0]: needs an id"),
        (#"{"chat_sites": [{"id": "shop"}]}"#, "chat_sites[0]: needs allowed_origins"),
        (
            #"{"chat_sites": [{"id": "shop", "allowed_origins": ["shop.example.com"]}]}"#,
            "chat_sites[0].allowed_origins[0]: 'shop.example.com' is not an origin"
        ),
        (
            #"{"chat_sites": [{"id": "shop", "allowed_origins": ["https://a.example/path"]}]}"#,
            "chat_sites[0].allowed_origins[0]"
        ),
        (
            #"{"chat_sites": [{"id": "shop", "allowed_origins": [], "identity_secret": "short"}]}"#,
            "chat_sites[0].identity_secret: must be at least 16 characters"
        ),
        (
            #"{"chat_sites": [{"id": "shop", "allowed_origins": [], "color": "red;background:url(x)"}]}"#,
            "chat_sites[0].color"
        ),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": []}, {"id": "a", "allowed_origins": []}]}"#,
            "chat_sites[1].id: 'a' is declared twice"
        ),
        (#"{"chat_sites": [{"id": "a b", "allowed_origins": []}]}"#, "chat_sites[0].id"),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": [], "colour": "red"}]}"#,
            "chat_sites[0].colour: unknown key"
        ),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": [], "stream_answers": "yes"}]}"#,
            "chat_sites[0].stream_answers: must be true or false"
        ),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": [], "stream_answers": 1}]}"#,
            "chat_sites[0].stream_answers: must be true or false"
        ),
        (#"{"chat_limits": {"max_message_chars": 0}}"#, "chat_limits.max_message_chars: must be an integer from 1"),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": [], "title": ""}]}"#,
            "chat_sites[0].title: must be 1 to 80 characters on one line, got 0 characters"
        ),
        (
            #"{"chat_sites": [{"id": "a", "allowed_origins": [], "greeting": "Hi\nthere"}]}"#,
            "chat_sites[0].greeting: must be 1 to 500 characters on one line"
        ),
    ])
    func badValuesAreRefusedWithTheirKey(text: String, expected: String) throws {
        do {
            _ = try Self.load(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
