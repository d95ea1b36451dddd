import Foundation
import Logging
import TicketflowCore
import TicketflowLLM
import TicketflowPostgres
import TicketflowSQLite

/// `ticketflow doctor`: checks a node's setup before it serves and says what
/// to do about each problem: configuration, bind address versus credentials,
/// file permissions, disk, the store, and the LLM and embeddings endpoints.
public struct Doctor: Sendable {
    /// One check's outcome, printed as one line.
    public struct Check: Sendable, Equatable {
        /// How the check came out.
        public enum Status: String, Sendable {
            case ok, warn, fail
        }

        /// What was checked ("store", "llm chat", ...).
        public var name: String
        public var status: Status
        /// What was found and, unless ok, what to do about it.
        public var detail: String

        /// Creates an outcome.
        public init(name: String, status: Status, detail: String) {
            self.name = name
            self.status = status
            self.detail = detail
        }

        /// One line for the terminal: `ok    store: ...`.
        public var line: String {
            status.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)
                + "\(name): \(detail)".escapingControlCharacters(keeping: ["\n"])
        }
    }

    /// The resolved configuration under test.
    public let configuration: AppConfiguration
    /// Seconds each network check may take.
    public var networkTimeout = 10.0

    /// A doctor for `configuration`.
    public init(configuration: AppConfiguration) {
        self.configuration = configuration
    }

    /// Runs the checks in order; `offline` skips the LLM endpoints.
    public func run(offline: Bool = false, logger: Logger) async -> [Check] {
        var checks = [exposure()] + securityWarnings() + files() + [await store(logger: logger)]
        if !offline { checks += await llm(logger: logger) }
        return checks
    }

    /// Bind address versus intake credentials: the rule `serve` enforces.
    public func exposure() -> Check {
        do {
            try configuration.validateForServing()
        } catch {
            return Check(name: "bind", status: .fail, detail: "\(error)")
        }
        let who = configuration.anonymousIntake ? "anyone who can reach it" : "intake credentials only"
        return Check(
            name: "bind", status: .ok,
            detail: "listens on \(configuration.host):\(configuration.port); tickets opened by \(who)")
    }

    /// Settings that are allowed but unwise off loopback.
    public func securityWarnings() -> [Check] {
        guard !AppConfiguration.isLoopback(configuration.host) else { return [] }
        var checks: [Check] = []
        if !configuration.secureCookies {
            checks.append(
                Check(
                    name: "cookies", status: .warn,
                    detail:
                        "console cookies are not marked Secure; serve the console over HTTPS (a reverse proxy) and set secure_cookies=true"
                ))
        }
        if configuration.trustForwardedFor {
            checks.append(
                Check(
                    name: "forwarded-for", status: .warn,
                    detail:
                        "trust_forwarded_for is on while \(configuration.host) is reachable directly; anyone could pick the "
                        + "address the sign-in throttle counts. Keep it on only when a proxy is the sole way in"))
        }
        if configuration.metricsToken == nil {
            checks.append(
                Check(
                    name: "metrics", status: .warn,
                    detail:
                        "/metrics is open to anyone who can reach \(configuration.host); set metrics_token or block /metrics at the proxy"
                ))
        }
        return checks
    }

    /// Owner-only permissions on the data directory and its secrets, and free disk.
    public func files() -> [Check] {
        let directory = configuration.dataDirectory
        let files = FileManager.default
        var checks: [Check] = []
        guard let attributes = try? files.attributesOfItem(atPath: directory) else {
            return [
                Check(
                    name: "data directory", status: .ok,
                    detail: "\(directory) does not exist yet; serve creates it (mode 0700)")
            ]
        }
        let mode = (attributes[.posixPermissions] as? Int) ?? 0
        checks.append(
            mode & 0o077 == 0
                ? Check(
                    name: "data directory", status: .ok,
                    detail: "\(directory) is owner-only (\(String(mode, radix: 8)))")
                : Check(
                    name: "data directory", status: .warn,
                    detail:
                        "\(directory) is readable by others (\(String(mode, radix: 8))); run: chmod 700 \(directory)"))
        let secrets = ["ticketflow.sqlite", "ticketflow.sqlite-wal", "ticketflow.sqlite-shm", "rating-link.secret"]
        let loose = secrets.map { directory + "/" + $0 }.filter { path in
            guard let mode = (try? files.attributesOfItem(atPath: path))?[.posixPermissions] as? Int else {
                return false
            }
            return mode & 0o077 != 0
        }
        if !loose.isEmpty {
            checks.append(
                Check(
                    name: "file permissions", status: .warn,
                    detail: "readable by others: \(loose.joined(separator: ", ")); run: chmod 600 on them"))
        }
        if let free = (try? files.attributesOfFileSystem(forPath: directory))?[.systemFreeSize] as? Int64 {
            let megabytes = free / 1_048_576
            let status: Check.Status = megabytes < 100 ? .fail : megabytes < 1024 ? .warn : .ok
            checks.append(
                Check(
                    name: "disk", status: status,
                    detail: "\(megabytes) MiB free for \(directory)"
                        + (status == .ok ? "" : "; free space or move data_dir, writes fail when the disk is full")))
        }
        return checks
    }

    /// Opens the store as `serve` would (migrations, start-up integrity check) and counts tickets.
    public func store(logger: Logger) async -> Check {
        do {
            if let url = configuration.databaseURL {
                let count = try await withPostgresStore(url: url, logger: logger) { try await $0.ticketCount() }
                return Check(name: "store", status: .ok, detail: "PostgreSQL answers; \(count) tickets")
            }
            let store = try SQLiteStore.open(
                dataDirectory: configuration.dataDirectory, durability: configuration.storeDurability)
            let count = try await store.ticketCount()
            return Check(name: "store", status: .ok, detail: "SQLite \(configuration.databasePath); \(count) tickets")
        } catch {
            return Check(name: "store", status: .fail, detail: "\(error)")
        }
    }

    /// The LLM endpoint: reachable, the model answers, JSON mode works, embeddings when configured.
    public func llm(logger: Logger) async -> [Check] {
        guard let baseURL = configuration.llmBaseURL else {
            return [Check(name: "llm", status: .ok, detail: "none configured; the built-in engines answer")]
        }
        var settings = LLMConfiguration(
            baseURL: baseURL, model: configuration.llmModel, embeddingsModel: configuration.llmEmbeddingsModel,
            apiKey: configuration.llmAPIKey)
        settings.requestTimeout = networkTimeout
        settings.maxRetries = 0
        let client = OpenAIClient(configuration: settings)
        var checks: [Check] = []
        let fix =
            "check llm_base_url, llm_model and llm_api_key; the pipeline falls back to the built-in engines meanwhile"
        do {
            let reply = try await client.chat(
                [ChatMessage(role: "user", content: "Reply with the single word OK.")],
                options: ChatOptions(maxTokens: 8))
            checks.append(
                Check(
                    name: "llm chat", status: .ok,
                    detail:
                        "\(configuration.llmModel) at \(baseURL.redactingURLPassword) answered (\(reply.content.count) characters)"
                ))
        } catch {
            return [Check(name: "llm chat", status: .fail, detail: "\(baseURL.redactingURLPassword): \(error); \(fix)")]
        }
        do {
            let reply = try await client.chat(
                [ChatMessage(role: "user", content: #"Reply with the JSON object {"ok": true} and nothing else."#)],
                options: ChatOptions(jsonMode: true, maxTokens: 32))
            let parsed = try? JSONSerialization.jsonObject(with: Data(reply.content.utf8)) as? [String: Any]
            checks.append(
                parsed == nil
                    ? Check(
                        name: "llm json", status: .warn,
                        detail:
                            "JSON mode returned something that is not a JSON object; the judge will fall back to heuristics"
                    )
                    : Check(name: "llm json", status: .ok, detail: "JSON mode returns a JSON object"))
        } catch {
            checks.append(Check(name: "llm json", status: .fail, detail: "JSON mode failed: \(error); \(fix)"))
        }
        if configuration.llmEmbeddingsModel != nil {
            do {
                let (vectors, _) = try await client.embeddings(["doctor probe"])
                checks.append(Check(name: "embeddings", status: .ok, detail: "\(vectors[0].count) dimensions"))
            } catch {
                checks.append(
                    Check(
                        name: "embeddings", status: .fail,
                        detail:
                            "\(error); check llm_embeddings_model; retrieval stays lexical meanwhile"))
            }
        }
        return checks
    }
}
