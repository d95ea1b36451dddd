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
        let redactor = redactor.with(known: KnownIdentity(context.customer))
        var stage = retrieval
        stage.queryCleaner = { SupportQueryCleaner.clean(redactor.removing(from: $0)) }
        return try await stage.process(&context)
    }
}
