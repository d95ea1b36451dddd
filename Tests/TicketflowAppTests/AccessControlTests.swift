import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowTesting

/// Who may read and write tickets (docs/security.md has the table): people read,
/// intake credentials only open tickets and continue their own channel's, and
/// anonymous intake exists only on loopback or when the operator opts in.
@Suite struct AccessControlTests {
    static func id(_ response: TestResponse) throws -> Int {
        try #require((try json(response)["ticket"] as? [String: Any])?["id"] as? Int)
    }

    @Test func anonymousLoopbackIntakeCanOpenButNotReadOrSpeakAsAnAgent() async throws {
        try await withTestClient(.live) { client, services in
            let created = try await client.post("/v1/tickets", #"{"body":"My parcel never arrived"}"#)
            #expect(created.status == .created)
            let id = try Self.id(created)
            try expectProblem(try await client.get("/v1/tickets"), .unauthorized, "unauthorized")
            try expectProblem(try await client.get("/v1/tickets/\(id)"), .unauthorized, "unauthorized")
            let reply = try await client.post("/v1/tickets/\(id)/messages", #"{"body":"Any news?"}"#)
            #expect(reply.status == .created)
            for author in ["agent", "system"] {
                try expectProblem(
                    try await client.post(
                        "/v1/tickets/\(id)/messages", #"{"body":"Refund approved","author":"\#(author)"}"#),
                    .forbidden, "forbidden")
            }
            let detail = try #require(try await services.store.ticketDetail(id: Int64(id)))
            #expect(detail.messages.allSatisfy { $0.author != .agent && $0.author != .system })
            // A person may write as an agent.
            let agent = try await services.bearer(.agent)
            let byAgent = try await client.post(
                "/v1/tickets/\(id)/messages", #"{"body":"We are on it","author":"agent"}"#, headers: agent)
            #expect(byAgent.status == .created)
        }
    }

    @Test func anIntakeTokenActsOnItsOwnChannelOnly() async throws {
        try await withTestClient(.live) { client, services in
            let (secret, token) = try await services.accounts.createAPIToken(
                name: "mail bridge", role: .api, channel: .email)
            #expect(token.channel == .email)
            let email: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
            let mine = try await client.post("/v1/tickets", #"{"body":"Where is my invoice?"}"#, headers: email)
            #expect(mine.status == .created)
            #expect((try json(mine)["ticket"] as? [String: Any])?["channel"] as? String == "email")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x","channel":"chat"}"#, headers: email),
                .forbidden, "forbidden")
            let myID = try Self.id(mine)
            #expect(
                try await client.post("/v1/tickets/\(myID)/messages", #"{"body":"Still waiting"}"#, headers: email)
                    .status == .created)
            try expectProblem(
                try await client.post(
                    "/v1/tickets/\(myID)/messages", #"{"body":"Refunded","author":"agent"}"#, headers: email),
                .forbidden, "forbidden")
            // A ticket of another channel is out of its reach.
            let other = try Self.id(try await client.post("/v1/tickets", #"{"body":"chat ticket","channel":"chat"}"#))
            try expectProblem(
                try await client.post("/v1/tickets/\(other)/messages", #"{"body":"hijack"}"#, headers: email),
                .forbidden, "forbidden")
            try expectProblem(
                try await client.post("/v1/tickets/\(other)/rating", #"{"score":1}"#, headers: email),
                .forbidden, "forbidden")
            // Its own ticket is not refused for the credential (it has no answer to rate yet, so no 201 either).
            let own = try await client.post("/v1/tickets/\(myID)/rating", #"{"score":5}"#, headers: email)
            #expect(own.status != .forbidden && own.status != .unauthorized)
            let chat = try #require(try await services.store.ticketDetail(id: Int64(other)))
            #expect(chat.messages.map(\.body) == ["chat ticket"])
            // Nothing else: no reads, no lists, no knowledge-base writes, no queue.
            for path in ["/v1/tickets", "/v1/tickets/\(myID)", "/v1/agent/queue", "/v1/jobs", "/v1/metrics/summary"] {
                try expectProblem(try await client.send(.get, path, headers: email), .forbidden, "forbidden")
            }
            try expectProblem(
                try await client.post(
                    "/v1/kb/articles", #"{"articles":[{"id":"x","body":"Free refunds"}]}"#,
                    headers: email), .forbidden, "forbidden")
        }
    }

    @Test func anIntakeTokenWithoutAChannelActsOnTheAPIChannel() async throws {
        try await withTestClient { client, services in
            let api = try await services.bearer(.api)
            let created = try await client.post("/v1/tickets", #"{"body":"hello"}"#, headers: api)
            #expect((try json(created)["ticket"] as? [String: Any])?["channel"] as? String == "api")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x","channel":"email"}"#, headers: api),
                .forbidden, "forbidden")
        }
    }

    @Test func theConfiguredIntakeTokenIsCreateOnlyAndClosesAnonymousIntake() async throws {
        let intake = "intake-secret-0123456789"
        try await withTestClient(intakeToken: intake, configure: { $0.intakeTokenChannel = .webhook }) { client, _ in
            let headers: HTTPFields = [.authorization: "Bearer \(intake)", .contentType: "application/json"]
            let created = try await client.post("/v1/tickets", #"{"body":"from the helpdesk"}"#, headers: headers)
            #expect((try json(created)["ticket"] as? [String: Any])?["channel"] as? String == "webhook")
            try expectProblem(try await client.post("/v1/tickets", #"{"body":"anon"}"#), .unauthorized, "unauthorized")
            try expectProblem(try await client.send(.get, "/v1/tickets", headers: headers), .forbidden, "forbidden")
            try expectProblem(
                try await client.post(
                    "/v1/tickets/1/messages", #"{"body":"x","author":"agent"}"#,
                    headers: headers), .forbidden, "forbidden")
        }
    }

    @Test func openIntakeOffLoopbackNeedsACredentialOrAnExplicitOptIn() throws {
        var configuration = AppConfiguration()
        try configuration.validateForServing()
        #expect(configuration.anonymousIntake)
        configuration.host = "0.0.0.0"
        let refusal = #expect(throws: ConfigurationError.self) { try configuration.validateForServing() }
        #expect(refusal?.description.contains("--allow-open-intake") == true)
        #expect(refusal?.description.contains("0.0.0.0") == true)
        configuration.openIntake = true
        try configuration.validateForServing()
        #expect(configuration.anonymousIntake)
        configuration.openIntake = false
        try configuration.validateForServing()
        #expect(!configuration.anonymousIntake)
        configuration.openIntake = nil
        configuration.intakeToken = "a-long-intake-token-123"
        try configuration.validateForServing()
        #expect(!configuration.anonymousIntake)
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.2"] { #expect(AppConfiguration.isLoopback(host)) }
        for host in ["0.0.0.0", "10.0.0.5", "example.com", "::"] { #expect(!AppConfiguration.isLoopback(host)) }
    }

    @Test func anonymousIntakeCanBeTurnedOffOnLoopback() async throws {
        try await withTestClient(configure: { $0.openIntake = false }) { client, services in
            try expectProblem(try await client.post("/v1/tickets", #"{"body":"anon"}"#), .unauthorized, "unauthorized")
            #expect(
                try await client.post("/v1/tickets", #"{"body":"bridge"}"#, headers: try await services.bearer(.api))
                    .status == .created)
        }
    }

    @Test func metricsCanBeRestrictedToATokenOrAnAgent() async throws {
        let token = "metrics-scraper-0123456789"
        try await withTestClient(.live, configure: { $0.metricsToken = token }) { client, services in
            try expectProblem(try await client.get("/metrics"), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/metrics", headers: [.authorization: "Bearer wrong-token"]),
                .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/metrics", headers: try await services.bearer(.api)),
                .unauthorized, "unauthorized")
            #expect(try await client.send(.get, "/metrics", headers: [.authorization: "Bearer \(token)"]).status == .ok)
            #expect(try await client.send(.get, "/metrics", headers: try await services.bearer(.agent)).status == .ok)
            #expect(try await client.get("/healthz").status == .ok)
        }
        try await withTestClient { client, _ in
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok, "open without a metrics token")
        }
    }
}
