import Foundation

/// The real OpenAI-compatible server the real-server suites run against: llama.cpp with
/// SmolLM2-135M-Instruct, started by `scripts/llm-server.sh start`, which prints the variables read here.
///
/// Unlike the mail servers it is never started from a test: installing it takes a download, so a plain
/// `swift test` skips the suites that need it (and says why), and `scripts/test.sh` starts it for CI.
public struct RealLLMServer: Sendable {
    /// Base URL including the version path, `http://127.0.0.1:PORT/v1` (`TICKETFLOW_TEST_LLM_URL`).
    public let baseURL: String
    /// The bearer key the server demands (`TICKETFLOW_TEST_LLM_KEY`).
    public let apiKey: String
    /// The model name it serves chat and embeddings under (`TICKETFLOW_TEST_LLM_MODEL`).
    public let model: String

    /// The server named by the environment, nil when `TICKETFLOW_TEST_LLM_URL` is unset or empty.
    public static let configured: RealLLMServer? = RealLLMServer(ProcessInfo.processInfo.environment)

    /// Why the real-server suites are skipped, for their `.enabled(if:)` trait.
    public static let skipReason =
        "TICKETFLOW_TEST_LLM_URL is not set: run eval \"$(scripts/llm-server.sh start)\" first"

    /// Whether this run must have the server: in CI (`CI=true`) a missing one is a failure, not a skip.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    init?(_ variables: [String: String]) {
        guard let url = variables["TICKETFLOW_TEST_LLM_URL"], !url.isEmpty else { return nil }
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        apiKey = variables["TICKETFLOW_TEST_LLM_KEY"] ?? ""
        model = variables["TICKETFLOW_TEST_LLM_MODEL"].flatMap { $0.isEmpty ? nil : $0 } ?? "smollm2-135m-instruct"
    }
}
