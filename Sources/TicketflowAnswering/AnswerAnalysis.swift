/// A candidate answer parsed into sentences and the request's passages indexed
/// by title, built once per answer so the citation verifier, the policy check
/// and the built-in judge share the work instead of each redoing it.
public struct AnswerAnalysis: Sendable {
    /// The answer body parsed into sentences and citations.
    public let document: AnswerDocument
    /// The retrieved passages looked up by cited title.
    let index: PassageIndex

    /// Parses `answer` and indexes the passages of `request`.
    public init(_ answer: CandidateAnswer, for request: AnswerRequest) {
        self.document = AnswerDocument(body: answer.body)
        self.index = PassageIndex(request.passages)
    }
}
