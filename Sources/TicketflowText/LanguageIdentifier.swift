import Foundation

/// Which language a text is written in: a naive Bayes model over character 1- to 3-grams of the lower-cased
/// letters (word edges marked by spaces), one profile of the most frequent n-grams per language. Written by
/// hand because no kept library identifies languages; the method is the classic one of language-ID tools,
/// small enough to ship (`LanguageProfileData`) and fast enough to run on every ticket.
public struct LanguageIdentifier: Sendable {
    /// One language's n-gram log-probabilities, and the log-probability of an n-gram it never saw.
    struct Profile: Sendable {
        let language: String
        let logProbabilities: [String: Double]
        let unseen: Double
    }

    /// What the identifier read.
    public struct Guess: Sendable, Equatable {
        /// ISO 639-1 code of the likeliest language.
        public var language: String
        /// How many n-grams the text had: a short text says little.
        public var evidence: Int
        /// The mean log-likelihood margin per n-gram over each other language: about 0.1 is a close call, over
        /// 0.5 clear.
        public var marginOver: [String: Double] = [:]

        /// The second likeliest language.
        public var runnerUp: String? { marginOver.min { $0.value < $1.value }?.key }
    }

    let profiles: [Profile]
    /// Every profile's n-grams, each with its run in `columns` and `gains`: one look-up per n-gram of a text,
    /// not one per language.
    let vocabulary: [String: Range<Int>]
    /// For each vocabulary n-gram, the languages that have it, and how much more likely it is there than unseen.
    /// Sparse: a text's score starts from every n-gram unseen and adds the gains.
    let columns: [Int]
    let gains: [Double]

    /// The languages this identifier knows, by code.
    public var languages: [String] { profiles.map(\.language) }

    /// Smoothing: an n-gram's count gets this added, over a vocabulary of `smoothingVocabulary`.
    static let smoothing = 0.5
    static let smoothingVocabulary = 50_000.0

    /// The model in `LanguageProfileData`'s text form: a `language code` line, then `n-gram<TAB>count` lines,
    /// for each language.
    public init(profiles text: String) {
        var profiles: [Profile] = []
        var language: String?
        var counts: [String: Double] = [:]
        func finish() {
            guard let language, !counts.isEmpty else { return }
            let total = counts.values.reduce(0, +) + Self.smoothing * Self.smoothingVocabulary
            profiles.append(
                Profile(
                    language: language, logProbabilities: counts.mapValues { log(($0 + Self.smoothing) / total) },
                    unseen: log(Self.smoothing / total)))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("language ") {
                finish()
                language = String(line.dropFirst("language ".count))
                counts = [:]
            } else if let tab = line.lastIndex(of: "\t"), let count = Double(line[line.index(after: tab)...]) {
                counts[String(line[..<tab])] = count
            }
        }
        finish()
        self.profiles = profiles
        var entries: [String: [(Int, Double)]] = [:]
        for (column, profile) in profiles.enumerated() {
            for (gram, logProbability) in profile.logProbabilities {
                entries[gram, default: []].append((column, logProbability - profile.unseen))
            }
        }
        var vocabulary: [String: Range<Int>] = [:]
        var columns: [Int] = []
        var gains: [Double] = []
        for (gram, list) in entries {
            vocabulary[gram] = columns.count..<(columns.count + list.count)
            columns += list.map(\.0)
            gains += list.map(\.1)
        }
        self.vocabulary = vocabulary
        self.columns = columns
        self.gains = gains
    }

    /// The identifier built into Ticketflow (see `LanguageProfileData` for its languages and source).
    public static let builtIn = LanguageIdentifier(profiles: LanguageProfileData.profiles)

    /// The likeliest language of `text`, or nil when it has no letters.
    public func identify(_ text: String) -> Guess? {
        let grams = Self.grams(of: text)
        let evidence = grams.values.reduce(0, +)
        guard evidence > 0, !profiles.isEmpty else { return nil }
        var totals = profiles.map { Double(evidence) * $0.unseen }
        for (gram, count) in grams {
            guard let run = vocabulary[gram] else { continue }
            for index in run { totals[columns[index]] += Double(count) * gains[index] }
        }
        let scores = zip(profiles.map(\.language), totals).sorted { $0.1 > $1.1 }
        let best = scores[0]
        var guess = Guess(language: best.0, evidence: evidence)
        for (language, score) in scores.dropFirst() { guess.marginOver[language] = (best.1 - score) / Double(evidence) }
        return guess
    }

    /// Character 1- to 3-grams of the text's words, lower-cased, each word padded with a space on both sides.
    /// Anything but letters and apostrophes separates words; at most the first 2,000 characters count.
    public static func grams(of text: String) -> [String: Int] {
        var grams: [String: Int] = [:]
        var word: [Character] = []
        func flush() {
            guard !word.isEmpty else { return }
            let padded: [Character] = [" "] + word + [" "]
            for n in 1...3 where padded.count >= n {
                for start in 0...(padded.count - n) {
                    let gram = String(padded[start..<(start + n)])
                    if gram != " " { grams[gram, default: 0] += 1 }
                }
            }
            word = []
        }
        for character in text.lowercased().prefix(2000) {
            if character.isLetter || character == "'" { word.append(character) } else { flush() }
        }
        flush()
        return grams
    }

    /// Profiles from labelled texts: each language's `top` most frequent n-grams with their counts, in the
    /// text form `init(profiles:)` reads (languages and n-grams in a stable order).
    public static func train(_ texts: [String: [String]], top: Int = 1500) -> String {
        var lines: [String] = []
        for language in texts.keys.sorted() {
            var counts: [String: Int] = [:]
            for text in texts[language] ?? [] {
                for (gram, count) in grams(of: text) { counts[gram, default: 0] += count }
            }
            let kept = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top)
            lines.append("language \(language)")
            lines += kept.map { "\($0.key)\t\($0.value)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
