import TicketflowText

/// Which n-grams the classifier sees and how many hash buckets hold them;
/// written into every model file so a model is always read the way it was trained.
public struct FeatureConfig: Codable, Sendable, Equatable {
    /// Longest word n-gram (1 = unigrams only).
    public var wordNgramMax: Int
    /// Shortest and longest character n-gram, taken inside word boundaries.
    public var charNgramMin: Int
    /// Longest character n-gram.
    public var charNgramMax: Int
    /// log2 of the number of hash buckets.
    public var bucketBits: Int

    public init(wordNgramMax: Int = 2, charNgramMin: Int = 2, charNgramMax: Int = 5, bucketBits: Int = 20) {
        self.wordNgramMax = wordNgramMax
        self.charNgramMin = charNgramMin
        self.charNgramMax = charNgramMax
        self.bucketBits = bucketBits
    }

    enum CodingKeys: String, CodingKey {
        case wordNgramMax = "word_ngram_max"
        case charNgramMin = "char_ngram_min"
        case charNgramMax = "char_ngram_max"
        case bucketBits = "bucket_bits"
    }
}

/// Hashed features of one text, in two blocks (words, characters) that are
/// weighted and normalised separately, as scikit-learn's union of a word and a
/// char_wb vectorizer does.
public struct HashedFeatures: Sendable {
    /// Bucket of every word 1..n-gram occurrence (repeats kept: they are term frequency).
    public var wordBuckets: [UInt32] = []
    /// Bucket of every character n-gram occurrence.
    public var charBuckets: [UInt32] = []
}

/// Maps tokens to hash buckets with FNV-1a plus a finalising mix. Swift's
/// `Hasher` is seeded per process, so it cannot be used for features that are
/// stored in a model file; FNV-1a is stable across runs and machines.
/// Hand-written because no listed package offers feature hashing.
public struct FeatureHasher: Sendable {
    /// The n-gram configuration.
    public let config: FeatureConfig
    private let mask: UInt32

    static let fnvOffset: UInt32 = 2_166_136_261
    static let fnvPrime: UInt32 = 16_777_619
    // Different starting states keep a word, a bigram and a char n-gram with
    // the same letters in different buckets.
    static let wordSeed = fnvOffset ^ 0x5751_4F52
    static let bigramSeed = fnvOffset ^ 0x4249_4752
    static let charSeed = fnvOffset ^ 0x4348_4152

    public init(config: FeatureConfig) {
        self.config = config
        self.mask = UInt32((1 << config.bucketBits) - 1)
    }

    /// Number of buckets.
    public var bucketCount: Int { 1 << config.bucketBits }

    @inline(__always) static func step(_ hash: UInt32, _ value: UInt32) -> UInt32 {
        var h = hash
        h = (h ^ (value & 0xFF)) &* fnvPrime
        if value > 0xFF {
            h = (h ^ ((value >> 8) & 0xFF)) &* fnvPrime
            h = (h ^ (value >> 16)) &* fnvPrime
        }
        return h
    }

    /// Murmur3's finaliser: FNV's low bits are weak, and buckets use the low bits.
    @inline(__always) static func finalize(_ hash: UInt32) -> UInt32 {
        var h = hash
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// Hashes every word n-gram and in-word character n-gram of a text.
    public func features(of text: NormalizedText) -> HashedFeatures {
        var result = HashedFeatures()
        result.wordBuckets.reserveCapacity(text.count * 2)
        result.charBuckets.reserveCapacity(text.scalars.count * 4)
        visitFeatures(of: text) { origin, bucket in
            if case .characters = origin {
                result.charBuckets.append(bucket)
            } else {
                result.wordBuckets.append(bucket)
            }
        }
        return result
    }

    /// Calls `visit` with every feature of a text and where it comes from, in text order: the one recipe both
    /// `features(of:)` (hot path; inlined, the origin costs nothing) and explanations use.
    @inline(__always)
    func visitFeatures(of text: NormalizedText, _ visit: (FeatureOrigin, UInt32) -> Void) {
        var previousWordHash: UInt32? = nil
        let space: UInt32 = 0x20
        text.scalars.withUnsafeBufferPointer { scalars in
            for (index, range) in text.tokenRanges.enumerated() {
                var wordHash = Self.wordSeed
                for i in range { wordHash = Self.step(wordHash, scalars[i]) }
                visit(.word(token: index), Self.finalize(wordHash) & mask)
                if config.wordNgramMax >= 2, let previous = previousWordHash {
                    var bigram = Self.step(Self.bigramSeed, previous)
                    bigram = Self.step(bigram, previous >> 16)
                    bigram = Self.step(bigram, wordHash)
                    bigram = Self.step(bigram, wordHash >> 16)
                    visit(.wordPair(token: index), Self.finalize(bigram) & mask)
                }
                previousWordHash = wordHash
                if text.isTyped[index] { continue }
                // The word padded with a space on each side, as char_wb does.
                let length = range.count + 2
                for start in 0..<length {
                    var hash = Self.charSeed
                    var n = 0
                    while n < config.charNgramMax, start + n < length {
                        let position = start + n
                        let value =
                            position == 0 || position == length - 1 ? space : scalars[range.lowerBound + position - 1]
                        hash = Self.step(hash, value)
                        n += 1
                        if n >= config.charNgramMin {
                            visit(.characters(token: index, start: start, length: n), Self.finalize(hash) & mask)
                        }
                    }
                }
            }
        }
    }
}

/// Where a hashed feature comes from in a normalised text.
public enum FeatureOrigin: Sendable, Equatable {
    /// The token itself.
    case word(token: Int)
    /// The token with the one before it.
    case wordPair(token: Int)
    /// `length` characters from `start` of the token padded with a space on each side.
    case characters(token: Int, start: Int, length: Int)

    /// How a person reads the feature: `refund`, `"my refund"`, `‹ ref›` (spaces mark the word's edges).
    public func name(in text: NormalizedText) -> String {
        switch self {
        case .word(let token): return text.token(token)
        case .wordPair(let token): return "\"\(text.token(token - 1)) \(text.token(token))\""
        case .characters(let token, let start, let length):
            let padded = Array((" " + text.token(token) + " ").unicodeScalars)
            var characters = String.UnicodeScalarView()
            characters.append(contentsOf: padded[start..<min(padded.count, start + length)])
            return "\u{2039}" + String(characters) + "\u{203A}"
        }
    }
}
