import Foundation
import Logging
import NIOSSL
import PostgresNIO
import TicketflowCore

extension PostgresStore {
    /// Connects once, outside the pool, and fails with the server's own reason.
    ///
    /// The pool retries a server that refuses or rejects it until the request
    /// timeout, then reports only that PostgreSQL "did not answer": a wrong port,
    /// password or database name cost 30 s and said nothing useful. Opening the
    /// store (the server's start-up, every CLI command, `doctor`) tries one
    /// connection first, so such a mistake is named at once.
    func checkFirstConnection() async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        let settings = configuration
        let connection: PostgresConnection
        do {
            connection = try await Self.unavailableAfter(seconds: requestTimeout, what: "first connection") {
                try await PostgresConnection.connect(configuration: settings, id: 0, logger: self.logger)
            }
        } catch let error as NoAnswer {
            throw StoreError(.unavailable, "\(error.description) at \(url.host):\(url.port)")
        } catch {
            throw StoreError(
                .unavailable, "cannot connect to PostgreSQL at \(url.host):\(url.port): \(Self.connectionReason(error))"
            )
        }
        try? await connection.close()
    }

    /// The part of a failed connection a person can act on: the server's message
    /// (a wrong password or database name), else the socket's reason (connection
    /// refused, unknown host). PSQLError's own description hides both on purpose.
    static func connectionReason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if error.code == .sslUnsupported {
            return "the server does not offer TLS (add ?sslmode=disable on a trusted network)"
        }
        guard let underlying = error.underlying else { return "\(error.code)" }
        if let failure = underlying as? NIOConnectionError {
            if failure.dnsAError != nil || failure.dnsAAAAError != nil, failure.connectionErrors.isEmpty {
                return "unknown host"
            }
            if let last = failure.connectionErrors.last {
                // NIO's IOError description repeats itself ("connection reset (error set): …
                // (errno: 111)"); the errno's own text is the reason.
                if let io = last.error as? IOError { return String(cString: strerror(io.errnoCode)) }
                return "\(last.error)"
            }
        }
        return "\(underlying)"
    }
}
