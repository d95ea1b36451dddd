import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowLLM

/// `bench pipeline --llm`: the same benchmark with the LLM engines, as a server with `llm_base_url` runs them.
struct LLMBenchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "An OpenAI-compatible endpoint (…/v1) for the answer generator and judge; the key, if any, is read "
                + "from TICKETFLOW_LLM_API_KEY.", valueName: "url"))
    var llm: String?
    @Option(help: "The model name sent to the endpoint.") var llmModel = "gpt-4o-mini"
    @Option(help: "Seconds per LLM attempt (a CPU model needs more than a hosted one).") var llmTimeout = 120.0
    @Option(help: "builtin, llm or ensemble: which engine reads the category (needs --llm).")
    var triageEngine = TriageEngineChoice.builtin
    @Option(help: "builtin, llm or ensemble: which engine reads sentiment and urgency (needs --llm).")
    var sentimentEngine = TriageEngineChoice.builtin

    func validate() throws { try Self.check(llm: llm, timeout: llmTimeout) }

    /// The flags in their own words: checked later as `llm_base_url`, the error would name a
    /// setting the command line never gave, and a bad URL would cost a run up to its first call.
    static func check(llm: String?, timeout: Double) throws {
        if let llm, !llm.isAbsoluteWebURL {
            throw ValidationError(
                "--llm must be an http:// or https:// URL with a host (…/v1), got \(ConfigurationError.quoted(llm))")
        }
        guard timeout > 0, timeout <= AppConfiguration.longestLLMTimeout else {
            throw ValidationError(
                "--llm-timeout must be a positive number of seconds, at most \(Int(AppConfiguration.longestLLMTimeout)), got \(timeout)"
            )
        }
    }

    func apply(_ configuration: inout AppConfiguration) {
        guard let llm else { return }
        configuration.llmBaseURL = llm
        configuration.llmModel = llmModel
        configuration.llmAPIKey = ProcessInfo.processInfo.environment["TICKETFLOW_LLM_API_KEY"]
        configuration.llmTimeout = llmTimeout
        configuration.triageEngine = triageEngine
        configuration.sentimentEngine = sentimentEngine
        // The same question twice must cost two calls: the figures are about the model, not the cache.
        configuration.answerCacheSize = 0
    }
}

extension TriageEngineChoice: ExpressibleByArgument {}

/// What the LLM cost and did, per ticket, from the `llm_*` details each stage writes to the trace.
struct LLMTally {
    var tickets = 0
    /// `purpose:outcome` → calls.
    var calls: [String: Int] = [:]
    var promptTokens: [Double] = []
    var completionTokens: [Double] = []
    /// The generator that wrote each answer or draft: the LLM, or the built-in composer after a failure.
    var generators: [String: Int] = [:]
    var llmMs: [Double] = []
    /// What the LLM triage engine read, and how often it changed the built-in's category or the route.
    var llmSentiments: [String: Int] = [:]
    var categoryChanged = 0
    var routeChanged = 0
    var triaged = 0

    mutating func record(_ trace: [TraceEntry]) {
        tickets += 1
        var prompt = 0
        var completion = 0
        var milliseconds = 0.0
        for step in trace where step.details["llm_calls"] != nil {
            for call in (step.details["llm_calls"] ?? "").split(separator: ",") { calls[String(call), default: 0] += 1 }
            prompt += Int(step.details["llm_prompt_tokens"] ?? "") ?? 0
            completion += Int(step.details["llm_completion_tokens"] ?? "") ?? 0
            milliseconds += step.durationMs
        }
        if let triage = trace.first(where: { $0.stage == "llm_triage" }), triage.details["fallback"] == nil,
            triage.details["llm_calls"] != nil
        {
            triaged += 1
            if let sentiment = triage.details["llm_sentiment"] { llmSentiments[sentiment, default: 0] += 1 }
            if let category = triage.details["llm_category"], category != triage.details["builtin_category"] {
                categoryChanged += 1
            }
            if let before = triage.details["route_before"], triage.details["route"]?.hasPrefix(before + " ") == false {
                routeChanged += 1
            }
        }
        if let generator = trace.first(where: { $0.stage == "answering" })?.details["generator"] {
            let kind = generator.hasPrefix("llm:") ? "llm" : generator
            generators[kind, default: 0] += 1
        }
        promptTokens.append(Double(prompt))
        completionTokens.append(Double(completion))
        llmMs.append(milliseconds)
    }

    func print(endpoint: String, model: String) {
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        func percentile(_ values: [Double], _ p: Double) -> Double { SupportMetrics.percentile(values, p) ?? 0 }
        let sortedCalls = calls.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        Swift.print("llm endpoint=\(endpoint) model=\(model)")
        Swift.print("llm_calls: \(sortedCalls)")
        Swift.print(
            "answers_written_by: "
                + generators.sorted { $0.value > $1.value }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        if triaged > 0 {
            Swift.print(
                "llm_triage: read=\(triaged) category_differs_from_builtin=\(categoryChanged) "
                    + "route_changed=\(routeChanged) sentiments: "
                    + llmSentiments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        Swift.print(
            String(
                format: "tokens_per_ticket prompt=%.0f completion=%.0f", mean(promptTokens), mean(completionTokens)))
        Swift.print(
            String(
                format: "llm_ms_per_ticket p50=%.0f p95=%.0f mean=%.0f (stages that called the LLM)",
                percentile(llmMs, 50), percentile(llmMs, 95), mean(llmMs)))
    }
}
