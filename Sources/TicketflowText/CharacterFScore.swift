import Foundation

/// chrF (Popović, 2015), the character n-gram F-score machine-translation evaluations report beside BLEU:
/// n-grams of 1 to 6 characters with spaces removed, precision and recall averaged over the orders, combined
/// with recall weighted β = 2 times precision; 0–100. Written by hand: no kept library scores translations,
/// and the definition is short. It follows sacrebleu's defaults (chrF2, n = 6) without word n-grams.
public enum CharacterFScore {
    /// The score of `hypothesis` against one `reference`.
    public static func score(_ hypothesis: String, reference: String, order: Int = 6, beta: Double = 2) -> Double {
        let hypothesisCharacters = Array(hypothesis.filter { !$0.isWhitespace })
        let referenceCharacters = Array(reference.filter { !$0.isWhitespace })
        var precision = 0.0
        var recall = 0.0
        var orders = 0
        for n in 1...order {
            let found = grams(hypothesisCharacters, n)
            let wanted = grams(referenceCharacters, n)
            let foundTotal = found.values.reduce(0, +)
            let wantedTotal = wanted.values.reduce(0, +)
            guard foundTotal > 0, wantedTotal > 0 else { continue }
            let matched = found.reduce(0) { $0 + min($1.value, wanted[$1.key] ?? 0) }
            precision += Double(matched) / Double(foundTotal)
            recall += Double(matched) / Double(wantedTotal)
            orders += 1
        }
        guard orders > 0 else { return 0 }
        precision /= Double(orders)
        recall /= Double(orders)
        let weight = beta * beta
        guard precision + recall > 0 else { return 0 }
        return 100 * (1 + weight) * precision * recall / (weight * precision + recall)
    }

    static func grams(_ characters: [Character], _ n: Int) -> [String: Int] {
        guard characters.count >= n else { return [:] }
        var counts: [String: Int] = [:]
        for start in 0...(characters.count - n) { counts[String(characters[start..<start + n]), default: 0] += 1 }
        return counts
    }
}
