import Foundation
import TicketflowCore

/// The pipeline stage that turns a routed ticket and its retrieved knowledge
/// into an auto-sent answer or a human-review draft. Engines are injected;
/// when an injected engine throws, the stage falls back to the built-in one
/// (or to review) and says so in the trace: the LLM never fails the pipeline.
public struct AnsweringStage: PipelineStage {
    /// What to do when the injected generator throws.
    public enum GeneratorFailurePolicy: String, Sendable {
        /// Compose with the built-in extractive engine and gate as usual.
        case builtIn = "built_in"
        /// Compose with the built-in engine but never auto-send (reason llm_unavailable).
        case humanReview = "human_review"
    }

    /// Stage name in the decision trace.
    public let name = "answering"
    /// Writes the candidate answer (built-in composer by default).
    public var generator: any AnswerGenerator
    /// Scores the answer (heuristic judge by default).
    public var judge: any AnswerJudge
    /// The auto-send rule.
    public var gate: AnswerGate
    /// What a failing injected generator leads to.
    public var onGeneratorFailure: GeneratorFailurePolicy
    /// Redacts the question before any engine sees it; each run adds the
    /// ticket's customer (`context.customer`) as a known identity.
    public var redactor: PIIRedactor
    /// Flags instruction-override attempts in the ticket.
    public var injectionDetector: InjectionDetector
    /// Checks citations and quotes of every answer, whatever the engine.
    public var verifier: CitationVerifier
    /// Flags unstated promises in every answer, whatever the judge says.
    public var policy: PolicyChecker
    /// Built-in engines used when the injected ones throw.
    public var fallbackGenerator: ExtractiveComposer
    /// Judge used when the injected one throws.
    public var fallbackJudge: HeuristicJudge
    /// Clock for the reply and first-response time; tests fix it.
    public var now: @Sendable () -> Date
    /// Approved answers by question, checked before the generator; nil answers every ticket afresh.
    public var cache: AnswerCache?
    /// Puts answers into the customer's language for tickets the translation stage translated; nil: such
    /// tickets are held for a person (`other_language`).
    public var translator: (any Translator)?
    /// What a translated answer must keep before it is gated again.
    public var translationCheck = TranslationCheck()
    /// Whether the gate may send a translated answer; false holds each for a person (`translation_review`).
    public var sendsTranslatedAnswers = false

    /// Creates the stage; with no arguments it runs fully offline on the built-in engines.
    public init(
        generator: any AnswerGenerator = ExtractiveComposer(), judge: any AnswerJudge = HeuristicJudge(),
        gate: AnswerGate = AnswerGate(), onGeneratorFailure: GeneratorFailurePolicy = .builtIn,
        redactor: PIIRedactor = PIIRedactor(), injectionDetector: InjectionDetector = InjectionDetector(),
        verifier: CitationVerifier = CitationVerifier(), policy: PolicyChecker = PolicyChecker(),
        fallbackGenerator: ExtractiveComposer = ExtractiveComposer(),
        fallbackJudge: HeuristicJudge = HeuristicJudge(), now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.generator = generator
        self.judge = judge
        self.gate = gate
        self.onGeneratorFailure = onGeneratorFailure
        self.redactor = redactor
        self.injectionDetector = injectionDetector
        self.verifier = verifier
        self.policy = policy
        self.fallbackGenerator = fallbackGenerator
        self.fallbackJudge = fallbackJudge
        self.now = now
    }

    /// Answers, drafts or skips the ticket and reports the decision.
    public func process(_ context: inout TicketContext) async throws -> StageReport {
        var trace = AnsweringTrace()
        let ticketRedactor = redactor.with(known: KnownIdentity(context.customer))
        let redacted = ticketRedactor.redact(context.triageText)
        trace.noteRedaction(redacted)
        let input = "\(context.retrieved.count) passages; route \(context.ticket.route?.rawValue ?? "none")"

        // A route to a person now still gets a draft: the gate never sends it (reason `human_now`), and
        // the person who answers starts from it instead of a blank reply box.
        // A translation may lose an attempt the original made, or a translator may be talked into making one.
        let read = context.translation == nil ? [context.triageText] : [context.triageText, context.customerText]
        let injections = read.flatMap(injectionDetector.detect)
        let extraFlags: [AnswerFlag] = injections.map { AnswerFlag(.promptInjection, ticketRedactor.redact($0).text) }
        let request = AnswerRequest(
            ticketID: context.ticket.id, question: redacted.text, category: context.ticket.category,
            categoryConfidence: context.ticket.categoryConfidence, sentiment: context.ticket.sentiment,
            urgency: context.ticket.urgency, route: context.ticket.route, passages: context.retrieved)

        var extraReasons: [String] = []
        // Written in another language than the knowledge base's (the language stage's tag) and not translated
        // with a translator to put the answer back: never sent alone, whatever a later stage made of the route.
        if context.ticket.otherLanguage != nil, context.translation == nil || translator == nil {
            extraReasons.append("other_language")
        } else if context.translation != nil, !sendsTranslatedAnswers {
            extraReasons.append("translation_review")
        }
        guard !request.passages.isEmpty else {
            return hold(
                &context, answer: nil, confidence: 0, reasons: ["no_knowledge"] + extraReasons, input: input,
                trace: &trace)
        }
        var answer: CandidateAnswer
        let cached = cache?.lookup(request.question, passages: request.passages)
        if let cached {
            // Approved before for this question, from these very passages: no generator or judge call.
            answer = cached.answer
            trace.details["generator"] = AnswerCache.engineName
            trace.details["answer_cache"] = "hit"
        } else {
            let preview = customerPreview(
                context, redacted: redacted, request: request, raised: extraFlags, extraReasons: extraReasons)
            do {
                let sink = context.answerTextSink.map { RestoringTextSink(redacted, downstream: $0) }
                answer = try await generate(
                    request, streamingTo: sink, preview: preview, trace: &trace, extraReasons: &extraReasons)
                await sink?.flush()
                if let preview { trace.notePreview(preview) }
                answer.body = AnswerTemplates.conforming(answer.body, isBilling: request.isBilling)
            } catch {
                if let preview { trace.notePreview(preview) }
                trace.details["generator_error"] = String(describing: error)
                return hold(
                    &context, answer: nil, confidence: 0, reasons: ["no_knowledge"] + extraReasons, input: input,
                    trace: &trace)
            }
        }

        let (verdict, flags) = await review(
            answer, request: request, cachedConfidence: cached?.confidence, raised: extraFlags, trace: &trace)
        var decision = gate.decide(
            route: context.ticket.route, urgency: context.ticket.urgency, confidence: verdict.confidence, flags: flags)
        if !extraReasons.isEmpty {
            decision = GateDecision(action: .holdForReview, reasons: decision.reasons + extraReasons)
        }
        var outgoing = answer
        if let translation = context.translation, let translator {
            let translated = await translate(
                answer, into: translation, with: translator, request: request, gateSends: decision.action == .send,
                trace: &trace)
            outgoing.body = translated.body ?? answer.body
            if !translated.problems.isEmpty {
                decision = GateDecision(action: .holdForReview, reasons: decision.reasons + ["translation_unverified"])
            }
        }
        trace.note(answer: answer, verdict: verdict, flags: flags, decision: decision)
        // Checks ran on the redacted text; the customer and the agent see their own
        // values where an LLM answer used a placeholder.
        outgoing.body = redacted.restoring(in: outgoing.body)

        guard decision.action == .send else {
            return hold(
                &context, answer: outgoing, confidence: verdict.confidence, reasons: decision.reasons,
                input: input, trace: &trace)
        }
        if cached == nil {
            cache?.store(request.question, answer: answer, confidence: verdict.confidence, passages: request.passages)
        }
        let sentAt = now()
        context.replies.append(
            NewMessage(author: .ai, body: outgoing.body, createdAt: sentAt, citations: outgoing.citations))
        context.ticket.status = .autoResolved
        if context.ticket.firstResponseAt == nil { context.ticket.firstResponseAt = sentAt }
        context.draft = nil
        return report(
            input: input, output: "sent: auto-answered from \(answer.citations.count) excerpts",
            score: verdict.confidence, trace: trace)
    }

    /// The preview a customer watching the conversation gets while an LLM writes, when the answer could be
    /// sent at all: not for a route or urgency the gate never sends, a ticket already held for a reason
    /// found before generation, or a translated one (the preview would be in the knowledge base's language).
    private func customerPreview(
        _ context: TicketContext, redacted: RedactedText, request: AnswerRequest, raised: [AnswerFlag],
        extraReasons: [String]
    ) -> AnswerPreview? {
        guard let downstream = context.customerPreviewSink, generator is any StreamingAnswerGenerator,
            raised.isEmpty, extraReasons.isEmpty, context.translation == nil,
            gate.decide(route: request.route, urgency: request.urgency, confidence: 1, flags: []).action == .send
        else { return nil }
        return AnswerPreview(
            redacted, passages: request.passages, verifier: verifier, policy: policy, downstream: downstream)
    }

    private func generate(
        _ request: AnswerRequest, streamingTo sink: RestoringTextSink?, preview: AnswerPreview?,
        trace: inout AnsweringTrace, extraReasons: inout [String]
    ) async throws -> CandidateAnswer {
        trace.details["generator"] = generator.engineName
        do {
            if sink != nil || preview != nil, let streaming = generator as? any StreamingAnswerGenerator {
                return try await streaming.generate(
                    request,
                    streamingTo: { piece in
                        await sink?.receive(piece)
                        await preview?.receive(piece)
                    })
            }
            return try await generator.generate(request)
        } catch {
            // The built-in engine failing has nothing to fall back to.
            if generator.isBuiltIn { throw error }
            trace.details["generator_fallback"] =
                "\(generator.engineName) failed: \(LogRedaction.redact(String(describing: error)))"
            trace.details["generator"] = fallbackGenerator.engineName
            if onGeneratorFailure == .humanReview { extraReasons.append("llm_unavailable") }
            return try fallbackGenerator.compose(request)
        }
    }

    /// What every answer goes through, whatever wrote it: the citation verifier, the policy phrases (cached
    /// answers too: an LLM judge may miss a promise) and the judge, with the flags `raised` before; an answer
    /// approved before (`cachedConfidence`) keeps its confidence instead of being judged again.
    func review(
        _ answer: CandidateAnswer, request: AnswerRequest, cachedConfidence: Double?, raised: [AnswerFlag],
        trace: inout AnsweringTrace
    ) async -> (verdict: AnswerVerdict, flags: [AnswerFlag]) {
        // Parsed and indexed once, shared by the verifier, the policy check and the built-in judge.
        let analysis = AnswerAnalysis(answer, for: request)
        let checked =
            raised + verifier.verify(answer, document: analysis.document, index: analysis.index)
            + policy.check(analysis.document, index: analysis.index)
        let verdict =
            if let cachedConfidence {
                AnswerVerdict(confidence: cachedConfidence, flags: [], engine: AnswerCache.engineName)
            } else {
                await judgeWithFallback(answer, request: request, analysis: analysis, trace: &trace)
            }
        return (verdict, Self.deduplicated(verdict.flags + checked))
    }

    private func judgeWithFallback(
        _ answer: CandidateAnswer, request: AnswerRequest, analysis: AnswerAnalysis, trace: inout AnsweringTrace
    ) async -> AnswerVerdict {
        trace.details["judge"] = judge.engineName
        do {
            return try await judge.judge(answer, for: request, analysis: analysis)
        } catch {
            trace.details["judge_fallback"] =
                "\(judge.engineName) failed: \(LogRedaction.redact(String(describing: error)))"
            trace.details["judge"] = fallbackJudge.engineName
            return fallbackJudge.evaluate(answer, for: request, document: analysis.document, index: analysis.index)
        }
    }

    private func hold(
        _ context: inout TicketContext, answer: CandidateAnswer?, confidence: Double, reasons: [String],
        input: String, trace: inout AnsweringTrace
    ) -> StageReport {
        context.draft = AnswerDraft(
            body: answer?.body ?? "", citations: answer?.citations ?? [], confidence: confidence, reasons: reasons)
        context.ticket.status = context.ticket.route == .humanNow ? .escalated : .awaitingReview
        trace.details["decision"] = GateAction.holdForReview.rawValue
        trace.details["reasons"] = reasons.joined(separator: ",")
        return report(
            input: input, output: "held for review: " + reasons.joined(separator: ", "),
            score: confidence, trace: trace)
    }

    private func report(input: String, output: String, score: Double?, trace: AnsweringTrace) -> StageReport {
        StageReport(
            input: input, output: output, score: score, engine: trace.details["generator"] ?? "extractive",
            engineVersion: AnsweringTrace.version, details: trace.details)
    }

    static func deduplicated(_ flags: [AnswerFlag]) -> [AnswerFlag] {
        var seen: Set<AnswerFlag> = []
        return flags.filter { seen.insert($0).inserted }
    }
}
