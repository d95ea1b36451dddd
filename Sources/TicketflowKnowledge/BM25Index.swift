import Foundation

// BM25 is written by hand: the approved package list has no search library,
// and SQLite FTS5 (through GRDB) would tie ranking to one store and cannot do
// fielded weighting, incremental in-memory updates across PostgreSQL nodes, or
// the score normalisation below.

/// BM25 tuning: term-frequency saturation `k1`, length normalisation `b`, and
/// how much each field's terms count (title terms usually say more than body terms).
public struct BM25Parameters: Sendable, Equatable, Codable {
    /// Term-frequency saturation: higher lets repeated terms count longer.
    public var k1: Double
    /// Length normalisation, 0 (none) to 1 (full).
    public var b: Double
    /// One weight per field, in the order fields are given to `upsert`; the
    /// number of weights is the number of fields the index keeps.
    public var fieldWeights: [Double]
    /// BM25+ lower bound (Lv & Zhai 2011): each matching term adds at least
    /// `delta`·idf, so long documents are not over-penalised; 0 is plain BM25.
    public var delta: Double

    /// Creates parameters. The defaults (k1 0.9, b 0.9, title and body weighted
    /// equally) were chosen on the StackFAQ dev split from a flat optimum; see docs/retrieval.md.
    public init(k1: Double = 0.9, b: Double = 0.9, fieldWeights: [Double] = [1.0, 1.0], delta: Double = 0) {
        self.k1 = k1
        self.b = b
        self.fieldWeights = fieldWeights
        self.delta = delta
    }
}

/// An in-memory inverted index scored with Okapi BM25. Documents can be added,
/// replaced and removed one at a time with no rebuild: postings are per-term
/// arrays of integer slots, freed slots are reused, and length normalisation is
/// computed from live totals at query time.
///
/// Fields (title, body) are indexed separately and their BM25 scores summed
/// with `fieldWeights`, each field with its own length normalisation and
/// document frequencies, as Lucene-family engines do for multi-field queries:
/// a short title is not drowned by a long body.
public struct BM25Index: Sendable {
    struct Posting {
        var slot: Int32
        var tf: Float
    }

    public private(set) var parameters: BM25Parameters
    /// Term → posting-list id, one dictionary per field.
    var termIDs: [[String: Int32]] = []
    var postings: [[Posting]] = []
    var keys: [String?] = []
    var slotByKey: [String: Int32] = [:]
    /// Term count per field per slot.
    var lengths: [[Float]] = []
    var termsBySlot: [[Int32]] = []
    /// Frequency of each of `termsBySlot`'s terms, saturated at `UInt16.max`
    /// (two bytes: a chunk never holds a word that often; the posting list has the exact count).
    var frequenciesBySlot: [[UInt16]] = []
    /// Distinct terms over all fields ("global" ids), for query rewriting:
    /// each posting-list id's global id, and each global id's name and body-field posting-list id (-1: none).
    var globalIDs: [String: Int32] = [:]
    var globalOfPostingList: [Int32] = []
    var globalNames: [String] = []
    var bodyPostingList: [Int32] = []
    /// Zeroed scratch, one slot per global id, reused by query expansion.
    var expansionScratch: [Double] = []
    private var freeSlots: [Int32] = []
    private var totalLengths: [Double] = []
    /// Every term ever indexed, for spelling-tolerant lookup of unknown query words.
    var spelling = SpellingNeighbours()

    /// Creates an empty index.
    public init(parameters: BM25Parameters = BM25Parameters()) {
        self.parameters = parameters
        let fields = max(1, parameters.fieldWeights.count)
        termIDs = Array(repeating: [:], count: fields)
        lengths = Array(repeating: [], count: fields)
        totalLengths = Array(repeating: 0, count: fields)
    }

    /// Number of documents indexed.
    public var count: Int { slotByKey.count }
    /// Number of distinct (field, term) pairs ever seen.
    public var vocabularySize: Int { postings.count }
    /// Number of fields each document has.
    public var fieldCount: Int { termIDs.count }

    /// Mean length of `field` over live documents.
    public func averageLength(field: Int) -> Double {
        count == 0 ? 0 : totalLengths[field] / Double(count)
    }

    /// Whether a document with this key is indexed.
    public func contains(_ key: String) -> Bool { slotByKey[key] != nil }

    /// Changes k1, b and field weights; all apply to the next query, no re-indexing.
    public mutating func setParameters(_ parameters: BM25Parameters) {
        var adjusted = parameters
        let weights =
            parameters.fieldWeights + Array(repeating: 1, count: max(0, fieldCount - parameters.fieldWeights.count))
        adjusted.fieldWeights = Array(weights.prefix(fieldCount))
        self.parameters = adjusted
    }

    /// Adds or replaces the document `key`; `fields` holds each field's terms
    /// (e.g. [title, body]); extra fields beyond the configured count are ignored.
    public mutating func upsert(key: String, fields: [[String]]) {
        remove(key: key)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            keys[Int(slot)] = key
        } else {
            slot = Int32(keys.count)
            keys.append(key)
            for field in 0..<fieldCount { lengths[field].append(0) }
            termsBySlot.append([])
            frequenciesBySlot.append([])
        }
        var slotTerms: [Int32] = []
        var slotFrequencies: [UInt16] = []
        for field in 0..<fieldCount {
            let terms = field < fields.count ? fields[field] : []
            // Map to ids first and count runs of equal ids: one hash lookup per token.
            var ids = terms.map { termID($0, field: field) }
            ids.sort()
            var start = 0
            while start < ids.count {
                var end = start + 1
                while end < ids.count, ids[end] == ids[start] { end += 1 }
                postings[Int(ids[start])].append(Posting(slot: slot, tf: Float(end - start)))
                slotTerms.append(ids[start])
                slotFrequencies.append(UInt16(clamping: end - start))
                start = end
            }
            lengths[field][Int(slot)] = Float(terms.count)
            totalLengths[field] += Double(terms.count)
        }
        termsBySlot[Int(slot)] = slotTerms
        frequenciesBySlot[Int(slot)] = slotFrequencies
        slotByKey[key] = slot
    }

    /// Removes the document `key`; returns false when it was not indexed.
    @discardableResult
    public mutating func remove(key: String) -> Bool {
        guard let slot = slotByKey.removeValue(forKey: key) else { return false }
        for term in termsBySlot[Int(slot)] {
            // Order inside a posting list does not matter for scoring: swap-remove.
            if let position = postings[Int(term)].firstIndex(where: { $0.slot == slot }) {
                postings[Int(term)].swapAt(position, postings[Int(term)].count - 1)
                postings[Int(term)].removeLast()
            }
        }
        for field in 0..<fieldCount {
            totalLengths[field] -= Double(lengths[field][Int(slot)])
            lengths[field][Int(slot)] = 0
        }
        termsBySlot[Int(slot)] = []
        frequenciesBySlot[Int(slot)] = []
        keys[Int(slot)] = nil
        freeSlots.append(slot)
        return true
    }

    private mutating func termID(_ term: String, field: Int) -> Int32 {
        if let id = termIDs[field][term] { return id }
        let id = Int32(postings.count)
        termIDs[field][term] = id
        postings.append([])
        let global: Int32
        if let known = globalIDs[term] {
            global = known
        } else {
            global = Int32(globalNames.count)
            globalIDs[term] = global
            globalNames.append(term)
            bodyPostingList.append(-1)
            spelling.insert(term)
        }
        globalOfPostingList.append(global)
        if field == fieldCount - 1 { bodyPostingList[Int(global)] = id }
        return id
    }

    /// Inverse document frequency, Lucene's always-positive form: ln(1 + (N − df + ½)/(df + ½)).
    public func idf(documentFrequency df: Int) -> Double {
        Self.idf(n: Double(count), df: Double(df))
    }

    /// Each term once, in query order (queries are short: a linear check beats hashing).
    static func distinct(_ terms: [String]) -> [String] {
        var unique: [String] = []
        for term in terms where !unique.contains(term) { unique.append(term) }
        return unique
    }

    static func idf(n: Double, df: Double) -> Double {
        log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// How many documents contain `term` in `field` (the last field, the body, by default).
    public func documentFrequency(_ term: String, field: Int? = nil) -> Int {
        termIDs[field ?? fieldCount - 1][term].map { postings[Int($0)].count } ?? 0
    }

    /// The query's reference score: what a document of average length holding
    /// each distinct query term once in its body (the last field) scores from
    /// that field alone, Σ w_body·idf. Dividing by it maps raw scores to 0–1
    /// (clamped): 1 means "all of the query's information is in the text".
    /// Terms the index has never seen still count, so a query about something
    /// the knowledge base lacks scores low, except unseen terms with a digit:
    /// order numbers, amounts and ids are the ticket's own data, which no
    /// help-center article holds, so they say nothing about coverage.
    public func referenceScore(terms: [String]) -> Double {
        let body = fieldCount - 1
        let weight = parameters.fieldWeights.indices.contains(body) ? parameters.fieldWeights[body] : 1
        var total = 0.0
        for term in Self.distinct(terms) {
            let frequency = documentFrequency(term, field: body)
            if frequency == 0, term.hasASCIIDigit { continue }
            total += weight * idf(documentFrequency: frequency)
        }
        return total
    }

    /// The best `limit` documents for the query terms (repeats count once),
    /// raw BM25 scores, best first; `allow` filters candidates by key.
    /// `termWeights` scales a term's contribution (query expansion); absent terms weigh 1.
    public func search(
        terms: [String], limit: Int, allow: ((String) -> Bool)? = nil, termWeights: [String: Double]? = nil
    ) -> [(key: String, score: Double)] {
        guard limit > 0, count > 0 else { return [] }
        let k1 = Float(parameters.k1)
        let delta = Float(parameters.delta)
        let n = Double(count)
        var scores = [Float](repeating: 0, count: keys.count)
        var touched: [Int32] = []
        touched.reserveCapacity(min(keys.count, 4096))
        let uniqueTerms = Self.distinct(terms)

        scores.withUnsafeMutableBufferPointer { scores in
            for field in 0..<fieldCount {
                let fieldWeight = Float(
                    parameters.fieldWeights.indices.contains(field) ? parameters.fieldWeights[field] : 1)
                guard fieldWeight > 0 else { continue }
                let average = Float(max(averageLength(field: field), 1e-6))
                let base = k1 * Float(1 - parameters.b)
                let perLength = k1 * Float(parameters.b) / average
                lengths[field].withUnsafeBufferPointer { lengths in
                    for term in uniqueTerms {
                        guard let id = termIDs[field][term] else { continue }
                        let list = postings[Int(id)]
                        guard !list.isEmpty else { continue }
                        let idf =
                            fieldWeight * Float(Self.idf(n: n, df: Double(list.count)) * (termWeights?[term] ?? 1))
                        let weight = idf * (k1 + 1)
                        let floor = idf * delta
                        list.withUnsafeBufferPointer { list in
                            for posting in list {
                                let slot = Int(posting.slot)
                                let tf = posting.tf
                                if scores[slot] == 0 { touched.append(posting.slot) }
                                scores[slot] += weight * tf / (tf + base + perLength * lengths[slot]) + floor
                            }
                        }
                    }
                }
            }
        }
        var selector = TopKSelector(k: limit)
        for slot in touched {
            if let allow, let key = keys[Int(slot)], !allow(key) { continue }
            selector.offer(id: slot, score: scores[Int(slot)])
        }
        return selector.sorted().compactMap { hit in keys[Int(hit.id)].map { ($0, Double(hit.score)) } }
    }

    /// The raw BM25 score of one document for the query (0 when nothing matches
    /// or the key is unknown); `termWeights` as in `search`. Reads the
    /// document's own term list, not the posting lists, so it stays cheap for common terms.
    public func score(terms: [String], key: String, termWeights: [String: Double]? = nil) -> Double {
        guard let slot = slotByKey[key].map(Int.init) else { return 0 }
        let k1 = parameters.k1
        let b = parameters.b
        let uniqueTerms = Self.distinct(terms)
        let slotTerms = termsBySlot[slot]
        var total = 0.0
        for field in 0..<fieldCount {
            let weight = parameters.fieldWeights.indices.contains(field) ? parameters.fieldWeights[field] : 1
            let norm = k1 * (1 - b + b * Double(lengths[field][slot]) / max(averageLength(field: field), 1e-6))
            for term in uniqueTerms {
                guard let id = termIDs[field][term], let position = slotTerms.firstIndex(of: id) else { continue }
                let stored = frequenciesBySlot[slot][position]
                let tf =
                    stored < UInt16.max
                    ? Double(stored)
                    : Double(postings[Int(id)].first { $0.slot == Int32(slot) }?.tf ?? Float(stored))
                total +=
                    weight * Self.idf(n: Double(count), df: Double(postings[Int(id)].count)) * (termWeights?[term] ?? 1)
                    * (tf * (k1 + 1) / (tf + norm) + parameters.delta)
            }
        }
        return total
    }
}
