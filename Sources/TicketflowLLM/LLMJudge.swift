import Foundation
import TicketflowAnswering
import TicketflowCore

/// The LLM judge: answer_quality 1–10, hallucination_risk, specificity 1–5.
/// It never replaces the built-in checks: the heuristic judge's grounding and
/// policy flags always apply, and the confidence is the lower of the two, so
/// an LLM can only make the gate more careful, never less.
public struct LLMJudge: AnswerJudge {
    public let client: OpenAIClient
    public let prompt: PromptTemplate
    public let heuristic: HeuristicJudge

    public init(
        client: OpenAIClient, prompt: PromptTemplate = BuiltInPrompts.judge,
        heuristic: HeuristicJudge = HeuristicJudge()
    ) {
        self.client = client
        self.prompt = prompt
        self.heuristic = heuristic
    }

    public var engineName: String { "llm:\(client.configuration.model)/\(prompt.label)+heuristic" }

    /// The judge's parsed scores.
    public struct Scores: Sendable, Equatable {
        public var answerQuality: Int
        public var hallucinationRisk: String
        public var specificity: Int

        /// Confidence in 0...1: quality scaled down by hallucination risk.
        public var confidence: Double {
            let risk = ["low": 1.0, "medium": 0.7, "high": 0.3][hallucinationRisk] ?? 0.3
            return Double(answerQuality) / 10 * risk
        }
    }

    /// Judges from scratch: parses the answer and indexes the passages first.
    public func judge(_ answer: CandidateAnswer, for request: AnswerRequest) async throws -> AnswerVerdict {
        try await judge(answer, for: request, analysis: AnswerAnalysis(answer, for: request))
    }

    /// The heuristic verdict from the stage's analysis, lowered by the LLM's scores.
    public func judge(
        _ answer: CandidateAnswer, for request: AnswerRequest, analysis: AnswerAnalysis
    ) async throws -> AnswerVerdict {
        var verdict = try await heuristic.judge(answer, for: request, analysis: analysis)
        let scores = try await scores(
            question: request.question, answer: answer.body, passages: request.passages, purpose: "judge")
        if scores.hallucinationRisk == "high" {
            verdict.flags.append(AnswerFlag(.unsupportedSentence, "the LLM judge rates hallucination risk high"))
        }
        verdict.confidence = min(verdict.confidence, scores.confidence)
        verdict.engine = engineName
        return verdict
    }

    /// The reply's shape. Servers that support `json_schema` decode within it, so even a
    /// small model returns valid enums and ranges; `parse` checks it anyway for those that do not.
    public static let schema = JSONSchema(
        name: "answer_review",
        schema: [
            "type": "object",
            "properties": [
                "answer_quality": ["type": "integer", "minimum": 1, "maximum": 10],
                "hallucination_risk": ["type": "string", "enum": ["low", "medium", "high"]],
                "specificity": ["type": "integer", "minimum": 1, "maximum": 5],
                // Bounded: unbounded, a small model repeats one issue until max_tokens cuts the JSON short.
                "issues": ["type": "array", "items": ["type": "string", "maxLength": 40], "maxItems": 3],
            ],
            "required": ["answer_quality", "hallucination_risk", "specificity", "issues"],
            "additionalProperties": false,
        ])

    /// Asks the model to score `answer` against `passages`; `purpose` names the call in the usage ledger.
    func scores(
        question: String, answer: String, passages: [RetrievedPassage], purpose: String
    ) async throws -> Scores {
        // Labelled as answers cite them (SourceMarker): by article id, with the title for the reader.
        let excerpts = passages.map { "[\($0.articleID)] \($0.title)\n\($0.text)" }.joined(separator: "\n\n")
        let user = "Excerpts:\n\(excerpts)\n\nCustomer message:\n\(question)\n\nAnswer to review:\n\(answer)"
        let reply = try await client.chat(
            [.system(prompt.text), .user(user)],
            options: ChatOptions(jsonSchema: Self.schema, maxTokens: 300, temperature: 0), purpose: purpose)
        return try Self.parse(reply.content)
    }

    /// Validates the judge's JSON; anything out of range is a bad response.
    public static func parse(_ content: String) throws -> Scores {
        guard let object = TolerantJSON.object(in: content),
            let quality = TolerantJSON.integer(object["answer_quality"]), (1...10).contains(quality),
            let risk = (object["hallucination_risk"] as? String)?.lowercased(),
            ["low", "medium", "high"].contains(risk),
            let specificity = TolerantJSON.integer(object["specificity"]), (1...5).contains(specificity)
        else {
            throw LLMError(.badResponse, "the judge reply is not the expected JSON")
        }
        return Scores(answerQuality: quality, hallucinationRisk: risk, specificity: specificity)
    }
}
