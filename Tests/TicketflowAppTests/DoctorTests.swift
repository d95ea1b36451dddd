import Foundation
import Testing
import TicketflowApp
import TicketflowTesting

/// `ticketflow doctor` against real files and a real loopback endpoint.
@Suite struct DoctorTests {
    static func configuration(_ dir: String) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.dataDirectory = dir + "/data"
        return configuration
    }

    static func check(_ checks: [Doctor.Check], _ name: String) throws -> Doctor.Check {
        try #require(checks.first { $0.name == name }, "no \(name) check in \(checks.map(\.line))")
    }

    @Test func aFreshLoopbackSetupPassesAndAnExposedOneFailsWithWhatToDo() async throws {
        try await withTemporaryDirectory { dir in
            var configuration = Self.configuration(dir)
            let fresh = await Doctor(configuration: configuration).run(offline: true, logger: TestApp.logger)
            #expect(fresh.allSatisfy { $0.status == .ok }, "\(fresh.map(\.line))")
            #expect(try Self.check(fresh, "store").detail.contains("0 tickets"))
            configuration.host = "0.0.0.0"
            let exposed = await Doctor(configuration: configuration).run(offline: true, logger: TestApp.logger)
            let bind = try Self.check(exposed, "bind")
            #expect(bind.status == .fail && bind.detail.contains("intake_token"))
            #expect(try Self.check(exposed, "cookies").status == .warn)
            #expect(try Self.check(exposed, "metrics").status == .warn)
            configuration.intakeToken = "a-long-intake-token-123"
            configuration.secureCookies = true
            configuration.metricsToken = "a-long-metrics-token-123"
            let closed = await Doctor(configuration: configuration).run(offline: true, logger: TestApp.logger)
            #expect(closed.allSatisfy { $0.status == .ok }, "\(closed.map(\.line))")
        }
    }

    /// `serve` would stop at a host that is no address; the doctor must not call it OK.
    @Test func aHostThatIsNoAddressFails() async throws {
        try await withTemporaryDirectory { dir in
            var configuration = Self.configuration(dir)
            configuration.host = "127.0.0.1:8080"
            let checks = await Doctor(configuration: configuration).run(offline: true, logger: TestApp.logger)
            let bind = try Self.check(checks, "bind")
            #expect(bind.status == .fail)
            #expect(
                bind.detail
                    == "host '127.0.0.1:8080' is not an IP address or a host name this machine can resolve; "
                    + "use one such as 127.0.0.1 or 0.0.0.0")
        }
    }

    @Test func filesReadableByOthersAreFlagged() async throws {
        try await withTemporaryDirectory { dir in
            let configuration = Self.configuration(dir)
            _ = await Doctor(configuration: configuration).run(offline: true, logger: TestApp.logger)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: configuration.dataDirectory)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: configuration.databasePath)
            let checks = Doctor(configuration: configuration).files()
            #expect(try Self.check(checks, "data directory").detail.contains("chmod 700"))
            let files = try Self.check(checks, "file permissions")
            #expect(files.status == .warn && files.detail.contains("ticketflow.sqlite"))
        }
    }

    @Test func theLLMEndpointIsCheckedForChatJSONAndEmbeddings() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(#"{"ok": true}"#))
        defer { server.stop() }
        try await withTemporaryDirectory { dir in
            var configuration = Self.configuration(dir)
            configuration.llmBaseURL = server.baseURL
            configuration.llmEmbeddingsModel = "embed"
            let checks = await Doctor(configuration: configuration).llm(logger: TestApp.logger)
            #expect(checks.map(\.name) == ["llm chat", "llm json", "embeddings"])
            #expect(checks.allSatisfy { $0.status == .ok }, "\(checks.map(\.line))")
            server.setFallback(.reply("not json at all"))
            let prose = await Doctor(configuration: configuration).llm(logger: TestApp.logger)
            let json = try Self.check(prose, "llm json")
            #expect(json.status == .warn)
            server.setFallback(.status(401))
            let refused = await Doctor(configuration: configuration).llm(logger: TestApp.logger)
            #expect(refused.count == 1 && refused[0].status == .fail && refused[0].detail.contains("llm_api_key"))
            // A password in the URL (a proxy's basic auth) was printed with the check.
            configuration.llmBaseURL = "http://proxy:secret-pw@127.0.0.1:1/v1"
            let closed = await Doctor(configuration: configuration).llm(logger: TestApp.logger)
            #expect(closed.count == 1 && closed[0].detail.hasPrefix("http://proxy:***@127.0.0.1:1/v1: "), "\(closed)")
        }
    }
}
