import TicketflowAnswering
import TicketflowCore
import TicketflowKnowledge

/// Retrieval whose query has the ticket's personal data cut out first, the
/// customer's own name and email included: with embeddings configured the
/// query leaves the process, and a name never matches an article anyway.
struct RedactedRetrievalStage: PipelineStage {
    /// The stage that searches; its query cleaner is set per ticket.
    var retrieval: RetrievalStage
    /// The rules for every ticket; each run adds that ticket's customer.
    var redactor = PIIRedactor()

    var name: String { retrieval.name }

    func process(_ context: inout TicketContext) async throws -> StageReport {
        var stage = retrieval
        let query = Self.query(for: context, redactor: redactor)
        stage.queryCleaner = { _ in query }
        return try await stage.process(&context)
    }

    /// The query this stage searches with for `context` (the triage stage encodes the same text).
    static func query(for context: TicketContext, redactor: PIIRedactor = PIIRedactor()) -> String {
        SupportQueryCleaner.clean(
            redactor.with(known: KnownIdentity(context.customer)).removing(from: context.triageText))
    }
}
