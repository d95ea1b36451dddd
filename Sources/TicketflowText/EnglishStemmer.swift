// The Porter2 (Snowball English) stemmer, written by hand: no Swift package on
// the approved list provides one, and BM25 quality depends on "refunds",
// "refunded" and "refunding" meeting at one index term. It follows the
// published algorithm (snowballstem.org/algorithms/english/stemmer.html) in its
// Snowball 3 revision (the one PyStemmer 3 ships, so stems match the Python
// peers word for word) and works on ASCII bytes; words with other characters
// are returned unchanged so non-English text still matches itself exactly.

/// Reduces English words to their stems ("refunds" → "refund").
public struct EnglishStemmer: Sendable {
    /// How far a word is reduced. Two strengths because the two users were
    /// tuned on different ones, and swapping either changes results:
    /// retrieval's scores and evaluation figures were measured with Porter2, and
    /// the answering checks' overlap thresholds with the light stripper.
    public enum Strength: Sendable {
        /// Porter2 (Snowball English): index and query terms for BM25.
        case porter2
        /// A small suffix stripper ("refunds" → "refund", "cancelling" →
        /// "cancel"): the answering checks' content-word overlap.
        case light
    }

    /// The strength this stemmer applies.
    public let strength: Strength

    /// Creates a stemmer; it holds no state and is safe to share.
    public init(_ strength: Strength = .porter2) {
        self.strength = strength
    }

    /// The light stemmer the answering checks use.
    public static let light = EnglishStemmer(.light)

    /// The stem of one lowercase word.
    public func stem(_ word: String) -> String {
        switch strength {
        case .porter2: Self.porter2Stem(word)
        case .light: Self.lightStem(word)
        }
    }

    private static func porter2Stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.count > 2, bytes.allSatisfy({ $0 < 0x80 }) else { return word }
        if let exception = exceptions1[word] { return exception }
        var stemmer = Porter2Word(word: bytes)
        stemmer.run()
        return String(decoding: stemmer.word, as: UTF8.self)
    }

    static let exceptions1: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
        "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
        "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
        "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
}

/// The working state of one word while the Porter2 steps run over it.
private struct Porter2Word {
    var word: [UInt8]
    var r1 = 0
    var r2 = 0

    init(word: [UInt8]) { self.word = word }

    private static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i")
    private static let o = UInt8(ascii: "o"), u = UInt8(ascii: "u"), y = UInt8(ascii: "y")
    private static let capitalY = UInt8(ascii: "Y"), apostrophe = UInt8(ascii: "'")

    static func isVowel(_ c: UInt8) -> Bool {
        c == a || c == e || c == i || c == o || c == u || c == y
    }

    mutating func run() {
        if word.first == Self.apostrophe { word.removeFirst() }
        guard word.count > 2 else { return }
        markConsonantY()
        computeRegions()
        step0()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        restoreY()
    }

    /// Stems before "eed" that keep it (proceed, exceed, succeed).
    static let eedKeepers: Set<[UInt8]> = Set(["succ", "proc", "exc"].map { Array($0.utf8) })
    /// Stems before "ing" that keep it (evening, inning, outing...).
    static let ingKeepers: Set<[UInt8]> = Set(["even", "cann", "inn", "earr", "herr", "out"].map { Array($0.utf8) })

    private mutating func markConsonantY() {
        if word[0] == Self.y { word[0] = Self.capitalY }
        for index in 1..<word.count where word[index] == Self.y && Self.isVowel(word[index - 1]) {
            word[index] = Self.capitalY
        }
    }

    private mutating func restoreY() {
        for index in word.indices where word[index] == Self.capitalY { word[index] = Self.y }
    }

    private func regionStart(after start: Int) -> Int {
        var index = start
        while index + 1 < word.count {
            if Self.isVowel(word[index]) && !Self.isVowel(word[index + 1]) { return index + 2 }
            index += 1
        }
        return word.count
    }

    private mutating func computeRegions() {
        let special = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"]
            .first { hasPrefix($0) }
        r1 = special.map { $0.utf8.count } ?? regionStart(after: 0)
        // R2 is "R1 of R1": the same search, started where R1 begins.
        r2 = regionStart(after: r1)
    }

    private func hasPrefix(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return word.count >= p.count && Array(word[0..<p.count]) == p
    }

    func endsWith(_ suffix: [UInt8]) -> Bool {
        word.count >= suffix.count && word[(word.count - suffix.count)...].elementsEqual(suffix)
    }

    /// The longest suffix of `candidates` the word ends with.
    func longestSuffix(_ candidates: [[UInt8]]) -> [UInt8]? {
        var best: [UInt8]?
        for candidate in candidates where endsWith(candidate) && candidate.count > (best?.count ?? -1) {
            best = candidate
        }
        return best
    }

    mutating func replaceSuffix(_ count: Int, with replacement: String) {
        word.removeLast(count)
        word.append(contentsOf: replacement.utf8)
    }

    func containsVowel(before end: Int) -> Bool {
        word[0..<end].contains(where: Self.isVowel)
    }

    /// A short syllable ending at `end` (exclusive); Snowball 3 also treats a stem ending in "past" as one.
    func isShortSyllable(endingAt end: Int) -> Bool {
        if end >= 4, word[(end - 4)..<end].elementsEqual("past".utf8) { return true }
        if end == 2 { return Self.isVowel(word[0]) && !Self.isVowel(word[1]) }
        guard end >= 3 else { return false }
        let (c1, v, c2) = (word[end - 3], word[end - 2], word[end - 1])
        return !Self.isVowel(c1) && Self.isVowel(v) && !Self.isVowel(c2)
            && c2 != UInt8(ascii: "w") && c2 != UInt8(ascii: "x") && c2 != Self.capitalY
    }

    var isShortWord: Bool { r1 == word.count && isShortSyllable(endingAt: word.count) }

    // MARK: Steps

    private mutating func step0() {
        if let suffix = longestSuffix(Suffixes.step0) { word.removeLast(suffix.count) }
    }

    private mutating func step1a() {
        guard let suffix = longestSuffix(Suffixes.step1a) else { return }
        switch String(decoding: suffix, as: UTF8.self) {
        case "sses": word.removeLast(2)
        case "ied", "ies": replaceSuffix(3, with: word.count > 4 ? "i" : "ie")
        case "s":
            if word.count >= 3, containsVowel(before: word.count - 2) { word.removeLast() }
        default: break  // "us", "ss"
        }
    }

    private mutating func step1b() {
        guard let suffix = longestSuffix(Suffixes.step1b) else { return }
        let text = String(decoding: suffix, as: UTF8.self)
        let stemEnd = word.count - suffix.count
        if text == "eed" || text == "eedly" {
            if stemEnd >= r1, !Self.eedKeepers.contains(Array(word[0..<stemEnd])) {
                replaceSuffix(suffix.count, with: "ee")
            }
            return
        }
        if text == "ing" {
            let stem = Array(word[0..<stemEnd])
            // "dying" → "die": a lone consonant before "y".
            if stem.count == 2, stem[1] == Self.y || stem[1] == Self.capitalY, !Self.isVowel(stem[0]) {
                replaceSuffix(4, with: "ie")
                return
            }
            if Self.ingKeepers.contains(stem) { return }
        }
        guard containsVowel(before: stemEnd) else { return }
        word.removeLast(suffix.count)
        if endsWith(Array("at".utf8)) || endsWith(Array("bl".utf8)) || endsWith(Array("iz".utf8)) {
            word.append(Self.e)
        } else if let last = word.last, word.count >= 2, last == word[word.count - 2],
            Suffixes.doubles.contains(last)
        {
            // "add", "ebb", "egg", "err", "odd": a double after a lone a/e/o stays.
            let keep = word.count == 3 && "aeo".utf8.contains(word[0])
            if !keep { word.removeLast() }
        } else if isShortWord {
            word.append(Self.e)
        }
    }

    private mutating func step1c() {
        guard word.count > 2, let last = word.last, last == Self.y || last == Self.capitalY,
            !Self.isVowel(word[word.count - 2])
        else { return }
        word[word.count - 1] = Self.i
    }

    private mutating func step2() {
        guard let suffix = longestSuffix(Suffixes.step2Keys), word.count - suffix.count >= r1 else { return }
        let key = String(decoding: suffix, as: UTF8.self)
        let stemEnd = word.count - suffix.count
        switch key {
        case "ogi":
            if stemEnd > 0, word[stemEnd - 1] == UInt8(ascii: "l") { replaceSuffix(3, with: "og") }
        case "ogist":
            replaceSuffix(5, with: "og")
        case "li":
            if stemEnd > 0, Suffixes.validLiEnding.contains(word[stemEnd - 1]) { word.removeLast(2) }
        default:
            replaceSuffix(suffix.count, with: Suffixes.step2[key] ?? "")
        }
    }

    private mutating func step3() {
        guard let suffix = longestSuffix(Suffixes.step3Keys), word.count - suffix.count >= r1 else { return }
        let key = String(decoding: suffix, as: UTF8.self)
        if key == "ative" {
            if word.count - suffix.count >= r2 { word.removeLast(suffix.count) }
            return
        }
        replaceSuffix(suffix.count, with: Suffixes.step3[key] ?? "")
    }

    private mutating func step4() {
        guard let suffix = longestSuffix(Suffixes.step4), word.count - suffix.count >= r2 else { return }
        if suffix == Array("ion".utf8) {
            let stemEnd = word.count - 3
            guard stemEnd > 0, word[stemEnd - 1] == UInt8(ascii: "s") || word[stemEnd - 1] == UInt8(ascii: "t")
            else { return }
        }
        word.removeLast(suffix.count)
    }

    private mutating func step5() {
        guard let last = word.last else { return }
        let stemEnd = word.count - 1
        if last == Self.e {
            if stemEnd >= r2 || (stemEnd >= r1 && !isShortSyllable(endingAt: stemEnd)) { word.removeLast() }
        } else if last == UInt8(ascii: "l") {
            if stemEnd >= r2, stemEnd > 0, word[stemEnd - 1] == UInt8(ascii: "l") { word.removeLast() }
        }
    }
}

/// Suffix tables of the Porter2 steps.
private enum Suffixes {
    static func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    static let step0 = bytes(["'", "'s", "'s'"])
    static let step1a = bytes(["sses", "ied", "ies", "us", "ss", "s"])
    static let step1b = bytes(["eed", "eedly", "ed", "edly", "ing", "ingly"])
    static let doubles: Set<UInt8> = Set("bdfgmnprt".utf8)
    static let validLiEnding: Set<UInt8> = Set("cdeghkmnrt".utf8)
    static let step2: [String: String] = [
        "tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent",
        "izer": "ize", "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate",
        "alism": "al", "aliti": "al", "alli": "al", "fulness": "ful", "ousli": "ous",
        "ousness": "ous", "iveness": "ive", "iviti": "ive", "biliti": "ble", "bli": "ble",
        "fulli": "ful", "lessli": "less", "ogi": "og", "ogist": "og", "li": "",
    ]
    static let step2Keys = bytes(Array(step2.keys))
    static let step3: [String: String] = [
        "tional": "tion", "ational": "ate", "alize": "al", "icate": "ic", "iciti": "ic",
        "ical": "ic", "ful": "", "ness": "", "ative": "",
    ]
    static let step3Keys = bytes(Array(step3.keys))
    static let step4 = bytes([
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
        "ism", "ate", "iti", "ous", "ive", "ize", "ion",
    ])
}
