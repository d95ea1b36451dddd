import Foundation

/// What one QA run did: how many answers it reviewed and what it found, for
/// `ticketflow qa`, `POST /v1/qa/run` and the nightly job's log line.
public struct QARunReport: Codable, Sendable, Equatable {
    /// Mean of each 1–10 score over the run's reviews.
    public struct MeanScores: Codable, Sendable, Equatable {
        public var accuracy: Double
        public var completeness: Double
        public var tone: Double
        public var actionability: Double
    }

    /// Answers updated at or after this time were considered.
    public var since: Date
    /// Reviews written by this run.
    public var reviewed: Int
    /// Tickets left alone because a review newer than their last message exists.
    public var skipped: Int
    /// Reviews per subject (`ai_answer`, `ai_draft`, `human_answer`).
    public var bySubject: [String: Int]
    /// nil when the run reviewed nothing.
    public var mean: MeanScores?
    /// Reviews carrying each flag (every flag present, zero when unseen).
    public var flagCounts: [String: Int]
    /// Share of reviewed AI answers (`ai_answer`) QA counts as accurate; nil without any.
    public var accurateShare: Double?
    /// Reviews where the LLM judge could not be used and the heuristic result stands.
    public var llmFallbacks: Int
    /// The reviews with at least one flag, with their notes.
    public var flagged: [QAReview]

    /// Aggregates `reviews` (the ones this run wrote).
    public init(since: Date, reviews: [QAReview], skipped: Int, llmFallbacks: Int = 0) {
        self.since = since
        self.reviewed = reviews.count
        self.skipped = skipped
        self.llmFallbacks = llmFallbacks
        self.bySubject = Dictionary(grouping: reviews, by: \.subject).mapValues(\.count)
        func mean(_ value: (QAReview) -> Int) -> Double {
            Double(reviews.map(value).reduce(0, +)) / Double(reviews.count)
        }
        self.mean =
            reviews.isEmpty
            ? nil
            : MeanScores(
                accuracy: mean(\.accuracy), completeness: mean(\.completeness), tone: mean(\.tone),
                actionability: mean(\.actionability))
        self.flagCounts = Dictionary(
            uniqueKeysWithValues: QAFlag.allCases.map { flag in
                (flag.rawValue, reviews.filter { $0.flags.contains(flag) }.count)
            })
        let answers = reviews.filter { $0.subject == "ai_answer" }
        self.accurateShare = answers.isEmpty ? nil : Double(answers.filter(\.isAccurate).count) / Double(answers.count)
        self.flagged = reviews.filter { !$0.flags.isEmpty }
    }

    enum CodingKeys: String, CodingKey {
        case since, reviewed, skipped, mean, flagged
        case bySubject = "by_subject"
        case flagCounts = "flag_counts"
        case accurateShare = "accurate_share"
        case llmFallbacks = "llm_fallbacks"
    }
}
