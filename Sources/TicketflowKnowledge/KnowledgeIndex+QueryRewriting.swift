import Foundation

/// Query rewriting before scoring: spelling correction and expansion.
extension KnowledgeIndex.State {
    /// The query terms with each unknown word replaced by its spelling
    /// correction, and the corrections' weights (nil when nothing was corrected).
    /// Words with a digit are never corrected: order numbers and ids are the
    /// ticket's own data.
    func correctingSpelling(
        _ terms: [String], tolerance: SpellingTolerance?
    ) -> (terms: [String], weights: [String: Double]?) {
        guard let spelling = tolerance else { return (terms, nil) }
        var corrected: [String: String] = [:]
        for term in terms
        where corrected[term] == nil && term.utf8.count >= spelling.minimumLength
            && !term.hasASCIIDigit
        {
            if let correction = bm25.spellingCorrection(for: term) { corrected[term] = correction }
        }
        guard !corrected.isEmpty else { return (terms, nil) }
        // A correction the query also contains as typed keeps its full weight.
        let typed = Set(terms.filter { corrected[$0] == nil })
        var weights: [String: Double] = [:]
        for correction in corrected.values where !typed.contains(correction) { weights[correction] = spelling.weight }
        return (terms.map { corrected[$0] ?? $0 }, weights)
    }

    /// Expansion terms with their weights (see `BM25Index.expansionTerms`),
    /// scaled so the strongest weighs `settings.weight`; query terms are never
    /// re-weighted.
    mutating func expansionWeights(
        terms: [String], firstPass: [(key: String, score: Double)], settings: QueryExpansion
    ) -> [String: Double] {
        let ranked = bm25.expansionTerms(
            from: firstPass.prefix(settings.documents), excluding: terms, limit: settings.terms)
        guard let best = ranked.first?.score, best > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: ranked.map { ($0.term, settings.weight * $0.score / best) })
    }
}
