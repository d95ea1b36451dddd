import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Runs `body` against the real application on a fresh data directory.
func withTestClient(
    _ setup: TestingSetup = .router, maximumBodyBytes: Int? = nil, intakeToken: String? = nil,
    logger: Logger = TestApp.logger, configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, AppServices) async throws -> Void
) async throws {
    try await withTemporaryDirectory { dir in
        let services = try await TestApp.services(dataDirectory: dir, logger: logger) { configuration in
            if let maximumBodyBytes { configuration.maximumBodyBytes = maximumBodyBytes }
            configuration.intakeToken = intakeToken
            configure(&configuration)
        }
        try await TestApp.application(services, logger: logger).test(setup) { client in
            try await body(client, services)
        }
    }
}

/// Decoded JSON object of a response body.
func json(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    return try #require(
        try JSONSerialization.jsonObject(with: data) as? [String: Any], "body: \(String(decoding: data, as: UTF8.self))"
    )
}

/// Asserts a problem+json response with the given status and slug.
func expectProblem(
    _ response: TestResponse, _ status: HTTPResponse.Status, _ slug: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let body = try json(response)
    #expect(
        body["type"] as? String == "https://ticketflow.dev/problems/\(slug)", "\(body)", sourceLocation: sourceLocation)
    #expect(body["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect((body["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

extension TestClientProtocol {
    /// POSTs a JSON string and returns the response.
    func post(_ uri: String, _ body: String, headers: HTTPFields = jsonHeaders) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }

    /// GETs a URI and returns the response.
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get) { $0 }
    }

    /// GETs a URI with an agent's bearer token (reading tickets needs one).
    func get(_ uri: String, asAgentOf services: AppServices) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: try await services.bearer(.agent, name: "reader")) { $0 }
    }
}

extension TestClientProtocol {
    /// DELETEs a URI and returns the response.
    func delete(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .delete) { $0 }
    }
}
