import Foundation
import Synchronization
import TicketflowCore

/// Tallies one ticket's LLM calls and tokens. `MeteredStage` binds a fresh
/// ledger to the task running a stage; the engines record into whichever
/// ledger is bound, so concurrent tickets never mix their counts.
public final class UsageLedger: Sendable {
    /// The ledger of the ticket this task is working on, if any.
    @TaskLocal public static var current: UsageLedger?

    /// One call's outcome.
    public struct Entry: Sendable, Equatable {
        public var purpose: String
        public var outcome: String
        public var usage: TokenUsage
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// Records a call in the current ledger (no-op when none is bound).
    static func record(_ usage: TokenUsage, purpose: String, outcome: String) {
        current?.entries.withLock { $0.append(Entry(purpose: purpose, outcome: outcome, usage: usage)) }
    }

    /// Every call recorded so far.
    public var recorded: [Entry] { entries.withLock { $0 } }

    /// Totals for the decision trace.
    public var traceDetails: [String: String] {
        let all = recorded
        guard !all.isEmpty else { return [:] }
        let total = all.map(\.usage).reduce(TokenUsage(), +)
        return [
            "llm_calls": all.map { "\($0.purpose):\($0.outcome)" }.joined(separator: ","),
            "llm_prompt_tokens": String(total.promptTokens),
            "llm_completion_tokens": String(total.completionTokens),
            "llm_cost": String(format: "%.6f", total.cost),
        ]
    }
}

/// Wraps a stage that may call an LLM and adds that ticket's token and cost
/// accounting to its trace entry.
public struct MeteredStage: PipelineStage {
    public let inner: any PipelineStage
    /// Sees every call after the stage ran (metrics).
    public let observer: (@Sendable (UsageLedger.Entry) -> Void)?

    public init(_ inner: any PipelineStage, observer: (@Sendable (UsageLedger.Entry) -> Void)? = nil) {
        self.inner = inner
        self.observer = observer
    }

    public var name: String { inner.name }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let ledger = UsageLedger()
        var working = context
        var report = try await UsageLedger.$current.withValue(ledger) {
            try await inner.process(&working)
        }
        context = working
        report.details.merge(ledger.traceDetails) { _, new in new }
        if let observer { ledger.recorded.forEach(observer) }
        return report
    }
}

extension OpenAIClient {
    /// A chat call recorded in the current ledger under `purpose`: its tokens when it succeeds, its error
    /// code when it fails.
    func chat(_ messages: [ChatMessage], options: ChatOptions, purpose: String) async throws -> ChatCompletion {
        try await recording(purpose) { try await chat(messages, options: options) }
    }

    /// `chatStream`, recorded as `chat` is.
    func chatStream(
        _ messages: [ChatMessage], options: ChatOptions, purpose: String,
        onText: @escaping @Sendable (String) async -> Void
    ) async throws -> ChatCompletion {
        try await recording(purpose) { try await chatStream(messages, options: options, onText: onText) }
    }

    private func recording(_ purpose: String, _ call: () async throws -> ChatCompletion) async throws -> ChatCompletion
    {
        do {
            let reply = try await call()
            UsageLedger.record(reply.usage, purpose: purpose, outcome: "ok")
            return reply
        } catch let error as LLMError {
            UsageLedger.record(TokenUsage(), purpose: purpose, outcome: error.code.rawValue)
            throw error
        }
    }
}
