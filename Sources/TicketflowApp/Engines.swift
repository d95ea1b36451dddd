import Foundation
import Logging
import TicketflowAnswering
import TicketflowCore
import TicketflowEncoder
import TicketflowKnowledge
import TicketflowLLM
import TicketflowMetrics
import TicketflowText
import TicketflowTriage

/// The AI engines of one process: built-in triage models (hot-swappable),
/// the knowledge index, and the LLM client when an endpoint is configured.
public struct Engines: Sendable {
    public let triage: TriageEngine
    public let knowledge: KnowledgeBase
    /// The OpenAI-compatible client; nil runs the built-in engines only.
    public let llm: OpenAIClient?
    /// Where trained models live: `<data-dir>/models/{category,sentiment}.tfm`.
    public let modelDirectory: String
    /// The built-in sentence encoder (`encoder_dir`), loaded at start; the index switches to it in the
    /// background (`connectEmbeddings`), so a large knowledge base never delays listening.
    public var encoder: EncoderEmbeddings? = nil
    /// What retraining learns from besides relabels: the team's declared categories (examples and
    /// descriptions), or the starter set.
    public var categoryBase: [LabeledText] = StarterCategoryData.examples
    /// Approved answers by question (`answer_cache`), checked before any answer is generated; nil when off.
    public var answerCache: AnswerCache? = nil
    /// Which engines read category and sentiment (`triage_engine`, `sentiment_engine`).
    public var triageEngines = (category: TriageEngineChoice.builtin, sentiment: TriageEngineChoice.builtin)
    /// The team's one-line category descriptions, for the LLM's prompt.
    public var categoryDescriptions: [String: String] = [:]
    /// Tells tickets in another language than the knowledge base's (set from `kb_language`); nil: off.
    public var languageRule: LanguageRule? = nil
    /// Whether the gate may send an answer translated into the customer's language (`translated_answers`).
    public var sendsTranslatedAnswers = false
    /// Where a team's prompt files (`<id>.md`) replace the built-in prompts: `<data_dir>/prompts`.
    public var promptDirectory: String? = nil

    /// Files a running server watches and swaps in when they change.
    public var categoryModelPath: String { modelDirectory + "/category.tfm" }
    public var sentimentModelPath: String { modelDirectory + "/sentiment.tfm" }
    public var matrixPath: String { modelDirectory + "/matrix.json" }

    /// Builds the engines without calling the LLM: the server must listen at
    /// once even when the endpoint is slow or down. With an embeddings model
    /// configured the index starts lexical; `EmbeddingsConnector` switches it
    /// to hybrid in the background once the endpoint answers (`connectEmbeddings`).
    static func build(
        _ configuration: AppConfiguration, store: any TicketflowStore, logger: Logger
    ) async throws -> Engines {
        let modelDirectory = configuration.dataDirectory + "/models"
        let triage = try TriageEngine.starter(matrix: configuration.team.matrix ?? .defaults)
        if !configuration.team.categories.isEmpty {
            // The team's declared categories replace the starter ones until a model trained on its
            // relabels (file or store, loaded below) takes over.
            triage.replaceCategoryModel(try CategoryDefinition.categoryModel(configuration.team.categories))
        }
        var llm: OpenAIClient?
        if let baseURL = configuration.llmBaseURL {
            var llmConfiguration = LLMConfiguration(
                baseURL: baseURL, model: configuration.llmModel,
                embeddingsModel: configuration.llmEmbeddingsModel, apiKey: configuration.llmAPIKey)
            llmConfiguration.requestTimeout = configuration.llmTimeout
            llmConfiguration.maxRetries = configuration.llmMaxRetries
            llm = OpenAIClient(configuration: llmConfiguration, logger: logger)
        }
        var index = KnowledgeIndexConfiguration()
        var encoder: EncoderEmbeddings?
        if let directory = configuration.encoderDirectory {
            let loaded: EncoderEmbeddings
            do {
                loaded = try EncoderEmbeddings(directory: directory)
            } catch {
                throw ConfigurationError("encoder_dir: cannot load the sentence encoder in \(directory): \(error)")
            }
            encoder = loaded
            index.hybridFusion = .convex(denseWeight: loaded.denseWeight)
            if let distilled = loaded.encoder as? StaticEncoder {
                logger.notice(
                    """
                    encoder_dir holds static vectors distilled from \(distilled.source): triage stays fast, but \
                    retrieval and zero-shot categories read them too and do worse than with the transformer \
                    (docs/triage.md)
                    """)
            }
        }
        var engines = Engines(
            triage: triage,
            knowledge: KnowledgeBase(store: store, index: KnowledgeIndex(configuration: index), jobs: store),
            llm: llm, modelDirectory: modelDirectory)
        engines.encoder = encoder
        if configuration.answerCacheSize > 0 {
            engines.answerCache = AnswerCache(capacity: configuration.answerCacheSize)
        }
        engines.triageEngines = (configuration.triageEngine, configuration.sentimentEngine)
        // Built here, once, rather than on the first ticket, which would wait for it.
        engines.languageRule = configuration.knowledgeBaseLanguage.map { LanguageRule(knowledgeBase: $0) }
        engines.sendsTranslatedAnswers = configuration.translatedAnswers == .send
        engines.promptDirectory = configuration.dataDirectory + "/prompts"
        engines.categoryDescriptions = Dictionary(
            configuration.team.categories.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first })
        if !configuration.team.categories.isEmpty {
            engines.categoryBase = CategoryDefinition.trainingRows(configuration.team.categories)
        }
        triage.replaceEmbedder(encoder)
        if let encoder {
            // The default sentiment reads meaning with the encoder; a trained model (loaded next) wins.
            triage.replaceSentimentModel(try await StarterModels.sentimentModel(embedder: encoder))
        }
        if let encoder, !configuration.team.categories.isEmpty {
            // The encoder classifies the declared categories from their examples; a trained model
            // (loaded next, or published later) replaces it.
            let zeroShot = try await ZeroShotCategories.build(configuration.team.categories, embedder: encoder)
            triage.replaceZeroShot(ZeroShotClassifier(model: zeroShot, embedder: encoder))
        }
        try engines.loadTrainedModels(logger: logger)
        try await engines.loadSharedModels(from: store)
        try await engines.knowledge.reloadIndex()
        return engines
    }

    /// The LLM client when an embeddings model is configured (and no encoder) and the index is still lexical.
    var pendingEmbeddingsClient: OpenAIClient? {
        guard encoder == nil, let llm, llm.configuration.embeddingsModel != nil, knowledge.index.embeddings == nil
        else { return nil }
        return llm
    }

    /// Whether `connectEmbeddings` has something to switch the index to.
    public var hasPendingEmbeddings: Bool {
        knowledge.index.embeddings == nil && (encoder != nil || pendingEmbeddingsClient != nil)
    }

    /// Switches the index to embeddings (asking the embeddings endpoint for one vector, its dimension,
    /// when there is no encoder), loads the stored vectors and enqueues a `kb.embed` job for the chunks
    /// that lack one: what a server does in the background (`EmbeddingsConnector`). Retrieval is hybrid
    /// once every chunk has a vector. Throws `LLMError` while the endpoint does not answer; does nothing
    /// when no embeddings model is configured or the index has one already.
    func switchToEmbeddings() async throws {
        if let encoder, knowledge.index.embeddings == nil {
            knowledge.index.enableEmbeddings(encoder)
            try await knowledge.reloadIndex()
            return
        }
        guard let client = pendingEmbeddingsClient else { return }
        let provider = try await OpenAIEmbeddingsProvider.connect(client: client)
        knowledge.index.enableEmbeddings(provider)
        try await knowledge.reloadIndex()
    }

    /// `switchToEmbeddings`, then the embedding work run to the end here, through the code the `kb.embed`
    /// job runs: for tools that measure with vectors (`bench pipeline --encoder`) and tests.
    public func connectEmbeddings() async throws {
        try await switchToEmbeddings()
        try await knowledge.embedEverything()
    }

    /// Swaps in trained models and a priority matrix from the model directory, where present.
    func loadTrainedModels(logger: Logger) throws {
        let files = FileManager.default
        if files.fileExists(atPath: categoryModelPath) { try triage.reloadCategoryModel(from: categoryModelPath) }
        if files.fileExists(atPath: sentimentModelPath) { try triage.reloadSentimentModel(from: sentimentModelPath) }
        if let data = files.contents(atPath: matrixPath) { triage.replaceMatrix(try PriorityMatrix.load(json: data)) }
    }

    /// Swaps in the newest models saved in the shared store (trained or
    /// retrained on any node); they win over files in the model directory.
    func loadSharedModels(from store: any ModelStore) async throws {
        if let saved = try await store.latestModel(name: "category") {
            triage.replaceCategoryModel(try ModelFile.decode(saved.data))
        }
        if let saved = try await store.latestModel(name: "sentiment") {
            triage.replaceSentimentModel(try ModelFile.decode(saved.data))
        }
    }

    /// Saves a trained model to the shared store, swaps it in here and tells
    /// every other node (change feed) to load it. Returns the stored version.
    public func publish(
        _ model: ClassifierModel, as name: String, store: any ModelStore & ChangeFeed
    ) async throws -> Int64 {
        guard ["category", "sentiment"].contains(name) else {
            throw ConfigurationError(
                "a model is published as 'category' or 'sentiment', not \(ConfigurationError.quoted(name))")
        }
        let version = try await store.saveModel(name: name, data: try ModelFile.encode(model), at: Date())
        if name == "category" { triage.replaceCategoryModel(model) } else { triage.replaceSentimentModel(model) }
        _ = try await store.bumpVersion(of: Self.modelsTopic, at: Date())
        return version
    }

    /// The change-feed topic bumped when a model is published.
    public static let modelsTopic = "models"

    /// The fast stages every intake runs: triage, sentiment, routing, language.
    func triageStages() -> [any PipelineStage] {
        builtInReadingStages() + (languageRule.map { [LanguageStage(rule: $0)] } ?? [])
    }

    /// Triage, sentiment and routing on the built-in engines: at intake, and again on a translation.
    func builtInReadingStages() -> [any PipelineStage] {
        [
            TriageStage(engine: triage) { RedactedRetrievalStage.query(for: $0) }, SentimentStage(engine: triage),
            RoutingStage(engine: triage),
        ]
    }

    /// The LLM triage stage when configured, retrieval and answering: inline after triage, or from the
    /// work queue. LLM calls are recorded in `metrics`.
    func answeringStages(metrics: MetricsExporter) -> [any PipelineStage] {
        answerStages(metrics: metrics, forAgent: false)
    }

    /// What writes a draft an agent asks for (`AgentDesk.redraft`): no LLM triage, so the ticket's labels stand
    /// (an agent's relabel included), and no answer cache, since the agent asked for a fresh answer.
    func agentDraftStages(metrics: MetricsExporter) -> [any PipelineStage] {
        answerStages(metrics: metrics, forAgent: true)
    }

    private func answerStages(metrics: MetricsExporter, forAgent: Bool) -> [any PipelineStage] {
        var answering = AnsweringStage()
        if let llm {
            answering = AnsweringStage(
                generator: LLMAnswerGenerator(client: llm, prompt: prompt(BuiltInPrompts.answer)),
                judge: judge(llm))
        }
        answering.cache = forAgent ? nil : answerCache
        var translation: [any PipelineStage] = []
        if let llm, let languageRule {
            // With an LLM, a ticket in another language is translated, answered and translated back.
            let translator = LLMTranslator(client: llm, prompt: prompt(BuiltInPrompts.translate))
            answering.translator = translator
            answering.sendsTranslatedAnswers = sendsTranslatedAnswers
            translation = [
                Self.metered(
                    TranslationStage(
                        translator: translator, knowledgeBase: languageRule.knowledgeBase,
                        retriage: builtInReadingStages()), metrics)
            ]
        }
        // Both stages redact with the ticket's customer as a known identity (name, email).
        var retrieval = RetrievalStage(index: knowledge.index)
        // On the StackFAQ dev split with all-MiniLM-L6-v2 and convex fusion, 0.50 keeps 98.8% of the queries
        // with the top passage right 97.2% of the time; 0.75 keeps 68.8% (docs/retrieval.md).
        if encoder != nil { retrieval.hybridMinScore = 0.5 }
        return translation + (forAgent ? [] : llmTriageStages(metrics: metrics)) + [
            RedactedRetrievalStage(retrieval: retrieval), Self.metered(answering, metrics),
        ]
    }

    /// The LLM engine for category and sentiment, when either is set to `llm` or `ensemble`: first of
    /// the deferred stages, so intake answers on the built-in engines and retrieval reads the new category.
    func llmTriageStages(metrics: MetricsExporter) -> [any PipelineStage] {
        guard let llm, triageEngines != (.builtin, .builtin) else { return [] }
        var stage = LLMTriageStage(
            reader: LLMTriageReader(client: llm, prompt: prompt(BuiltInPrompts.triage)), engine: triage,
            categoryEngine: triageEngines.category,
            sentimentEngine: triageEngines.sentiment)
        stage.descriptions = categoryDescriptions
        return [Self.metered(stage, metrics)]
    }

    /// The team's file for `builtIn` in the prompt directory, or `builtIn`; read when the stages are built.
    func prompt(_ builtIn: PromptTemplate) -> PromptTemplate {
        PromptTemplate.load(builtIn, overridesIn: promptDirectory)
    }

    /// The LLM judge with the prompt in force: for answering and for the QA review.
    func judge(_ llm: OpenAIClient) -> LLMJudge {
        LLMJudge(client: llm, prompt: prompt(BuiltInPrompts.judge))
    }

    /// `stage` with its LLM calls recorded in `metrics` and its trace.
    static func metered(_ stage: any PipelineStage, _ metrics: MetricsExporter) -> MeteredStage {
        MeteredStage(stage) { entry in
            metrics.recordLLMCall(
                purpose: entry.purpose, outcome: entry.outcome,
                promptTokens: entry.usage.promptTokens, completionTokens: entry.usage.completionTokens)
        }
    }
}
