import Foundation
import Synchronization
import TicketflowCore

/// Approved answers by normalised question, checked before any answer is generated:
/// the same question asked again gets the answer that was sent for it, without a
/// generator or LLM judge call (the seed's cost tip).
///
/// An entry is only as good as the text it cites: it keeps a hash of each cited
/// article's retrieved passages, and a hit needs the same passages retrieved now
/// with the same text. An article that changed, or that no longer comes up for the
/// question, makes the entry miss and be replaced by the next approved answer; so
/// the cache is keyed by the knowledge base's content, not by a version number that
/// every unrelated article edit would bump. In memory and per node, bounded; a
/// restart starts it empty. Written here because no kept library offers a cache.
public final class AnswerCache: Sendable {
    /// One approved answer.
    public struct Entry: Sendable, Equatable {
        /// The answer as it was judged: markers in, the customer's own values still redacted.
        public var answer: CandidateAnswer
        /// The judge's confidence when it was approved.
        public var confidence: Double
        /// Per cited article, the hash of the passages it was written from.
        var sources: [String: UInt64]
        var lastUsed: UInt64
    }

    /// The engine name a cache hit shows in the decision trace (`answering` stage).
    public static let engineName = "answer-cache"

    private let entries = Mutex<(map: [String: Entry], clock: UInt64)>(([:], 0))
    /// Entries kept at most; the least recently used half goes when it is reached.
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = max(2, capacity)
    }

    /// The cache key of a question: lower case, letters and digits only, one space
    /// between words; nil for a question too short to stand for one intent.
    public static func key(_ question: String) -> String? {
        let words = question.lowercased().split { !($0.isLetter || $0.isNumber) }
        guard words.count >= 3 else { return nil }
        return String(words.joined(separator: " ").prefix(500))
    }

    /// The approved answer for `question`, when every article it cites is among `passages` as it was.
    public func lookup(_ question: String, passages: [RetrievedPassage]) -> Entry? {
        guard let key = Self.key(question) else { return nil }
        return entries.withLock { state in
            guard var entry = state.map[key] else { return nil }
            let current = Self.hashes(of: Set(entry.sources.keys), in: passages)
            guard current == entry.sources else { return nil }
            state.clock += 1
            entry.lastUsed = state.clock
            state.map[key] = entry
            return entry
        }
    }

    /// Keeps `answer` as the approved answer for `question` (it was sent), written from `passages`.
    public func store(_ question: String, answer: CandidateAnswer, confidence: Double, passages: [RetrievedPassage]) {
        guard let key = Self.key(question), !answer.citations.isEmpty else { return }
        let sources = Self.hashes(of: Set(answer.citations.map(\.articleID)), in: passages)
        // An answer citing an article that was not retrieved cannot be checked later.
        guard sources.count == Set(answer.citations.map(\.articleID)).count else { return }
        entries.withLock { state in
            if state.map[key] == nil, state.map.count >= capacity {
                let cutoff = state.map.values.map(\.lastUsed).sorted()[state.map.count / 2]
                state.map = state.map.filter { $0.value.lastUsed > cutoff }
            }
            state.clock += 1
            state.map[key] = Entry(answer: answer, confidence: confidence, sources: sources, lastUsed: state.clock)
        }
    }

    /// Forgets the answer for `question` (a customer said it did not help).
    public func remove(_ question: String) {
        guard let key = Self.key(question) else { return }
        _ = entries.withLock { $0.map.removeValue(forKey: key) }
    }

    /// Answers kept now.
    public var count: Int { entries.withLock { $0.map.count } }

    /// Per article in `articles`, a hash over its passages' ids and texts, in chunk order.
    static func hashes(of articles: Set<String>, in passages: [RetrievedPassage]) -> [String: UInt64] {
        var texts: [String: [(String, String)]] = [:]
        for passage in passages where articles.contains(passage.articleID) {
            texts[passage.articleID, default: []].append((passage.chunkID, passage.text))
        }
        return texts.mapValues { chunks in
            let joined = chunks.sorted { $0.0 < $1.0 }.map { "\($0.0)\u{1F}\($0.1)" }.joined(separator: "\u{1E}")
            return FNV1a.hash64(Array(joined.utf8))
        }
    }
}
