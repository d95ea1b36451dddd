import Foundation
import TicketflowCore
import TicketflowLearning
import TicketflowTriage

/// The learning loop over the store: what agents and customers said becomes
/// training data, and relabels retrain the category model, which replaces
/// the running one (on every node) only when it is not worse.
public struct LearningLoop: Sendable {
    public let store: any TicketflowStore
    public let engines: Engines
    public var exporter = TrainingDataExporter()
    public var retrainer = ModelRetrainer()

    public init(store: any TicketflowStore, engines: Engines) {
        self.store = store
        self.engines = engines
    }

    /// Tickets with feedback since `since`, plus AI-answered tickets created since then that got a rating.
    public func exportTickets(since: Date) async throws -> [ExportTicket] {
        let feedback = try await store.feedbackRecords(since: since, limit: 1_000_000)
        var byTicket = Dictionary(grouping: feedback, by: \.ticketID)
        for fact in try await store.ticketFacts(since: since) where fact.csatAI != nil && byTicket[fact.id] == nil {
            byTicket[fact.id] = []
        }
        return try await tickets(byTicket, withRatings: true)
    }

    /// Every relabel so far as a training row (latest relabel per ticket).
    /// Reads only relabeled tickets: ratings and other feedback play no part here.
    public func relabels() async throws -> [LabeledText] {
        let relabels = try await store.feedbackRecords(since: .distantPast, limit: 1_000_000).filter {
            $0.kind == .relabel
        }
        let tickets = try await tickets(Dictionary(grouping: relabels, by: \.ticketID), withRatings: false)
        return exporter.labeledRows(tickets).map { LabeledText(text: $0.text, label: $0.category) }
    }

    /// The details (and, when asked, the ratings) of the tickets in `feedback`, by ticket id.
    func tickets(_ feedback: [Int64: [FeedbackRecord]], withRatings: Bool) async throws -> [ExportTicket] {
        var tickets: [ExportTicket] = []
        for id in feedback.keys.sorted() {
            guard let detail = try await store.ticketDetail(id: id) else { continue }
            let ratings = withRatings ? try await store.ratings(ticketID: id) : []
            tickets.append(ExportTicket(detail: detail, feedback: feedback[id] ?? [], ratings: ratings))
        }
        return tickets
    }

    /// Trains on `base` (the declared categories or the starter set, unless the team gives its own history)
    /// plus every relabel, compares with the running model on the held-back
    /// slice, publishes the new model when it is not worse, and appends the
    /// comparison to `<data-dir>/models/retrain-history.jsonl`.
    public func retrain(base: [LabeledText]? = nil, dryRun: Bool = false) async throws -> RetrainReport {
        try await retrain(relabels: try await relabels(), base: base, dryRun: dryRun)
    }

    /// `retrain` on relabels the caller has already read (see `relabels()`).
    public func retrain(
        relabels: [LabeledText], base: [LabeledText]? = nil, dryRun: Bool = false
    ) async throws -> RetrainReport {
        guard !relabels.isEmpty else {
            throw TrainingError("no relabels yet: agents' category corrections are what retraining learns from")
        }
        let models = engines.triage.models
        let current = models.category
        let base = base ?? engines.categoryBase
        let held = relabels.filter { retrainer.isHeldBack($0.text) }
        // With the encoder, the candidate has encoder features, and every model is scored with the vectors.
        var encoderInput: (training: TrainingEmbeddings, held: [[Float]])?
        if let encoder = engines.encoder {
            let training = retrainer.trainingRows(base: base, relabels: relabels)
            encoderInput = (
                TrainingEmbeddings(model: encoder.model, rows: try await encoder.embed(training.map(\.text))),
                try await encoder.embed(held.map(\.text))
            )
        }
        // The running classifier's own labels for the held-back relabels when it reads vectors.
        var currentLabels: [String]?
        if let zeroShot = models.zeroShot {
            var vectors = encoderInput?.held
            if vectors == nil { vectors = try await zeroShot.embedder.embed(held.map(\.text)) }
            currentLabels = (vectors ?? []).map { zeroShot.model.predict(vector: $0).label }
        } else if current.header.encoder?.model == engines.encoder?.model, let vectors = encoderInput?.held {
            currentLabels = zip(held, vectors).map { current.predict($0.text, embedding: $1).label }
        }
        var (report, candidate) = try retrainer.retrain(
            current: current, currentLabels: currentLabels, base: base, relabels: relabels, encoder: encoderInput,
            at: Date())
        // The version names the training data: the same version means nothing new to learn.
        if candidate.header.version == current.header.version {
            report.swapped = false
            report.newModelVersion = nil
            report.decision = "kept the current model: it was trained on these same relabels (none since)"
        }
        if dryRun, report.swapped {
            report.swapped = false
            report.decision = "dry run: " + report.decision.replacingOccurrences(of: "swapped", with: "would swap")
        }
        if report.swapped { _ = try await engines.publish(candidate, as: "category", store: store) }
        try appendHistory(report)
        return report
    }

    /// Earlier retraining reports, oldest first.
    public func history() throws -> [RetrainReport] {
        guard let data = FileManager.default.contents(atPath: historyPath) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try decoder.decode(RetrainReport.self, from: Data($0.utf8))
        }
    }

    var historyPath: String { engines.modelDirectory + "/retrain-history.jsonl" }

    func appendHistory(_ report: RetrainReport) throws {
        try FileManager.default.createDirectory(atPath: engines.modelDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let line = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        if let handle = FileHandle(forWritingAtPath: historyPath) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } else {
            try Data(line.utf8).write(to: URL(fileURLWithPath: historyPath), options: .atomic)
        }
    }
}
