import Foundation

/// How positive and negative a text reads by a word list: VADER's figures.
public struct PolarityScores: Sendable, Equatable {
    /// Sum of the word valences, squashed into -1...1.
    public var compound: Double
    /// Share of the text's weight that is positive, 0...1.
    public var positive: Double
    /// Share that is negative, 0...1.
    public var negative: Double

    public init(compound: Double, positive: Double, negative: Double) {
        self.compound = compound
        self.positive = positive
        self.negative = negative
    }
}

/// VADER's sentiment lexicon and rules (Hutto & Gilbert, 2014; MIT), over the classifier's tokens.
///
/// Written by hand because no Swift package ships VADER. It gives the sentiment model a prior for
/// the many feeling words its few hundred training rows never contain. Rules kept: valences of 7,217
/// lexicon words, boosters and dampeners in the three words before, negation (including "n't"),
/// "least", the "but" shift, and "!" emphasis. Left out, because the tokens no longer hold them:
/// capital-letter emphasis (the urgency signals see shouting), emoticons and emoji.
public struct PolarityLexicon: Sendable {
    /// Lexicon identity, written into model files that read it.
    public static let vaderIdentity = "vader-3.3.2"

    /// The shared VADER lexicon.
    public static let vader = PolarityLexicon(entries: vaderEntries)

    /// What the lexicon knows of a word, by its key (`key(_:)`): one lookup a token on the triage path.
    private let entries: [UInt64: Entry]

    struct Entry {
        var valence: Double?
        var booster: Double?
        var negation = false
    }

    init(entries text: String) {
        var entries: [UInt64: Entry] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let value = Double(parts[1]) {
                entries[Self.key(parts[0]), default: Entry()].valence = value
            }
        }
        for (word, value) in Self.boosters { entries[Self.key(word), default: Entry()].booster = value }
        for word in Self.negations { entries[Self.key(word), default: Entry()].negation = true }
        self.entries = entries
        self.count = entries.values.filter { $0.valence != nil }.count
    }

    /// Number of words with a valence.
    public let count: Int

    /// The valence of one word (-4...4), or nil when the lexicon lacks it.
    public func valence(of word: String) -> Double? { entries[Self.key(word)]?.valence }

    /// FNV-1a 64 over a word's scalars: tokens are looked up without making a String of each, and a key can be
    /// extended by more scalars ("don" + "t").
    static func key(_ word: some StringProtocol) -> UInt64 { extend(offset, with: word.unicodeScalars.map(\.value)) }

    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always) static func extend(_ key: UInt64, with scalars: some Sequence<UInt32>) -> UInt64 {
        var key = key
        for value in scalars { key = (key ^ UInt64(value)) &* 0x100_0000_01B3 }
        return key
    }

    /// A token as the rules see it.
    struct Word {
        var key: UInt64
        var entry: Entry?
        var endsInN: Bool
    }

    static let boosterIncrement = 0.293
    static let negationScalar = -0.74
    static let boosters: [String: Double] = {
        let up = [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
            "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
            "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
            "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
            "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
            "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
            "utter", "utterly", "very",
        ]
        let down = [
            "almost", "barely", "hardly", "kinda", "kindof", "less", "little", "marginal", "marginally",
            "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly", "somewhat",
            "sorta", "sortof",
        ]
        return Dictionary(
            uniqueKeysWithValues: up.map { ($0, boosterIncrement) } + down.map { ($0, -boosterIncrement) })
    }()
    static let negations: Set<String> = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt", "hasnt",
        "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope", "nor", "not",
        "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "without", "wont",
        "wouldnt", "rarely", "seldom", "despite",
    ]

    static let no = key("no"), but = key("but"), least = key("least"), at = key("at"), very = key("very")
    static let never = key("never"), so = key("so"), this = key("this"), without = key("without")
    static let doubt = key("doubt"), kind = key("kind"), of = key("of")
    static let pairDampeners: Set<[UInt64]> = [
        [key("kind"), key("of")], [key("sort"), key("of")], [key("just"), key("enough")],
    ]
    static let exclamation = key("!"), exclamations = key("!!")

    /// Scores a normalised text.
    public func scores(of text: NormalizedText) -> PolarityScores {
        var words: [Word] = []
        words.reserveCapacity(text.count)
        var exclamations = 0
        text.scalars.withUnsafeBufferPointer { scalars in
            for (index, range) in text.tokenRanges.enumerated() {
                let token = scalars[range]
                let key = Self.extend(Self.offset, with: token)
                if text.isTyped[index] {
                    // A chunk with marks gives "!" and, for two or more, "!!" too: at most two per chunk count.
                    if key == Self.exclamation || key == Self.exclamations { exclamations += 1 }
                    continue
                }
                // The tokenizer splits "don't" into "don" and "t": join them back into the negation "dont".
                if token.count == 1, token.first == 0x74, let last = words.last, last.endsInN {
                    let joined = Self.extend(last.key, with: token)
                    words[words.count - 1] = Word(key: joined, entry: entries[joined], endsInN: false)
                    continue
                }
                words.append(Word(key: key, entry: entries[key], endsInN: token.last == 0x6E))
            }
        }
        var sentiments = words.indices.map { valence(at: $0, in: words) }
        if let but = words.firstIndex(where: { $0.key == Self.but }) {
            for i in sentiments.indices where i != but { sentiments[i] *= i < but ? 0.5 : 1.5 }
        }
        return Self.summarise(sentiments, exclamations: min(exclamations, 4))
    }

    /// One word's valence after the rules that look at the words before it.
    private func valence(at i: Int, in words: [Word]) -> Double {
        let word = words[i]
        guard word.entry?.booster == nil, var valence = word.entry?.valence else { return 0 }
        let next = i + 1 < words.count ? words[i + 1] : nil
        if word.key == Self.kind && next?.key == Self.of { return 0 }
        // "no" before a lexicon word negates it rather than counting on its own.
        if word.key == Self.no, next?.entry?.valence != nil { valence = 0 }
        if (i > 0 && words[i - 1].key == Self.no) || (i > 1 && words[i - 2].key == Self.no) {
            valence *= Self.negationScalar
        }
        for distance in 1...3 where i >= distance && words[i - distance].entry?.valence == nil {
            var boost = words[i - distance].entry?.booster.map { valence < 0 ? -$0 : $0 } ?? 0
            if distance == 2 { boost *= 0.95 } else if distance == 3 { boost *= 0.9 }
            valence += boost
            valence = negationCheck(valence, words: words, at: i, distance: distance)
            // Two-word dampeners ("kind of good") count once all three words before are seen.
            if distance == 3 {
                for pair in [(i - 2, i - 1), (i - 3, i - 2)]
                where Self.pairDampeners.contains([words[pair.0].key, words[pair.1].key]) {
                    valence -= Self.boosterIncrement
                }
            }
        }
        // "least" negates, except in "at least" and "very least".
        if i > 0, words[i - 1].key == Self.least,
            i == 1 || (words[i - 2].key != Self.at && words[i - 2].key != Self.very)
        {
            valence *= Self.negationScalar
        }
        return valence
    }

    private func negationCheck(_ valence: Double, words: [Word], at i: Int, distance: Int) -> Double {
        let before = words[i - distance].key
        if distance >= 2 {
            let previous = words[i - 1].key
            let after = words[i - distance + 1].key
            let neverSoThis = before == Self.never && (after == Self.so || after == Self.this)
            if neverSoThis || (distance == 3 && (previous == Self.so || previous == Self.this)) {
                return valence * 1.25
            }
            if before == Self.without && words[(i - distance + 1)..<i].contains(where: { $0.key == Self.doubt }) {
                return valence
            }
        }
        return words[i - distance].entry?.negation == true ? valence * Self.negationScalar : valence
    }

    /// VADER's compound score and positive/negative shares.
    static func summarise(_ sentiments: [Double], exclamations: Int) -> PolarityScores {
        guard !sentiments.isEmpty else { return PolarityScores(compound: 0, positive: 0, negative: 0) }
        let emphasis = Double(exclamations) * 0.292
        var sum = sentiments.reduce(0, +)
        if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
        let compound = min(1, max(-1, sum / (sum * sum + 15).squareRoot()))
        var positive = 0.0
        var negative = 0.0
        var neutral = 0.0
        for value in sentiments {
            if value > 0 { positive += value + 1 } else if value < 0 { negative += value - 1 } else { neutral += 1 }
        }
        if positive > -negative { positive += emphasis } else if positive < -negative { negative -= emphasis }
        let total = positive - negative + neutral
        return PolarityScores(compound: compound, positive: positive / total, negative: -negative / total)
    }
}
