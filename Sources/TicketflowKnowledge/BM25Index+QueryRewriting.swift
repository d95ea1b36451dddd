import Foundation

/// What the index knows that lets a query be rewritten before scoring:
/// spelling correction of unknown words and pseudo-relevance feedback terms.
extension BM25Index {
    /// How many documents contain `term` in any field (a document counts once per field).
    func documentFrequencyInAnyField(_ term: String) -> Int {
        (0..<fieldCount).reduce(0) { $0 + documentFrequency(term, field: $1) }
    }

    /// For a term no live document contains: the live term one typo away
    /// (see `SpellingNeighbours`) that the most documents use, ties broken
    /// alphabetically so the choice is the same on every node; nil otherwise.
    public func spellingCorrection(for term: String) -> String? {
        guard documentFrequencyInAnyField(term) == 0 else { return nil }
        var best: (term: String, frequency: Int)?
        for candidate in spelling.neighbours(of: term) {
            let frequency = documentFrequencyInAnyField(candidate)
            guard frequency > 0 else { continue }
            if let current = best,
                frequency < current.frequency || (frequency == current.frequency && candidate > current.term)
            {
                continue
            }
            best = (candidate, frequency)
        }
        return best?.term
    }

    /// The `limit` best expansion terms from the first pass's top documents:
    /// each term scores Σ over those documents of (score share × term
    /// frequency ÷ document length over all fields), times its body-field
    /// IDF; query terms are left out. Works on term ids with a reused dense
    /// scratch array because it runs on every query: no string hashing per term.
    mutating func expansionTerms(
        from hits: ArraySlice<(key: String, score: Double)>, excluding query: [String], limit: Int
    ) -> [(term: String, score: Double)] {
        let total = hits.reduce(0) { $0 + $1.score }
        guard total > 0, limit > 0 else { return [] }
        if expansionScratch.count < globalNames.count {
            expansionScratch.append(contentsOf: repeatElement(0, count: globalNames.count - expansionScratch.count))
        }
        var touched: [Int32] = []
        for hit in hits {
            guard let slot = slotByKey[hit.key].map(Int.init) else { continue }
            let length = (0..<fieldCount).reduce(Float(0)) { $0 + lengths[$1][slot] }
            guard length > 0 else { continue }
            let share = hit.score / total / Double(length)
            for (id, frequency) in zip(termsBySlot[slot], frequenciesBySlot[slot]) {
                let global = Int(globalOfPostingList[Int(id)])
                if expansionScratch[global] == 0 { touched.append(Int32(global)) }
                expansionScratch[global] += share * Double(frequency)
            }
        }
        for term in query { if let global = globalIDs[term] { expansionScratch[Int(global)] = 0 } }
        let n = Double(count)
        var selector = TopKSelector(k: limit)
        for global in touched {
            let weight = expansionScratch[Int(global)]
            expansionScratch[Int(global)] = 0
            guard weight > 0 else { continue }
            let body = bodyPostingList[Int(global)]
            let df = body >= 0 ? postings[Int(body)].count : 0
            selector.offer(id: global, score: Float(weight * Self.idf(n: n, df: Double(df))))
        }
        return selector.sorted().map { (globalNames[Int($0.id)], Double($0.score)) }
    }
}
