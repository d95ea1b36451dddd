import Foundation

/// BERT's tokenizer: the BertNormalizer (control characters dropped, whitespace unified, CJK characters set apart,
/// accents stripped, lower-cased, as the tokenizer config says), the BertPreTokenizer (split on whitespace and
/// around every punctuation character) and greedy longest-match-first WordPiece, with [CLS] … [SEP] around the ids.
public struct WordPieceTokenizer: Sendable {
    let vocabulary: [String: Int32]
    let lowercase: Bool
    let stripAccents: Bool
    let separateChineseCharacters: Bool
    let cleanText: Bool
    let continuingPrefix: String
    let maxCharactersPerWord: Int
    let unknownID: Int32
    let clsID: Int32
    let sepID: Int32
    /// The longest sequence the tokenizer files allow, when they say.
    let configuredMaxLength: Int?

    /// Reads `tokenizer.json`, or `vocab.txt` with `tokenizer_config.json` when there is no tokenizer.json.
    public init(directory: URL) throws {
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let config = try ModelFile.optionalObject(configURL) ?? [:]
        var lowercase = config["do_lower_case"] as? Bool ?? true
        var strip = config["strip_accents"] as? Bool
        var chinese = config["tokenize_chinese_chars"] as? Bool ?? true
        var clean = true
        var prefix = "##"
        var maxChars = 100
        var unknown = "[UNK]"
        var maxLength = (config["model_max_length"] as? Int).flatMap { $0 < 1_000_000 ? $0 : nil }
        let vocabulary: [String: Int32]
        if FileManager.default.fileExists(atPath: tokenizerURL.path) {
            let json = try ModelFile.jsonObject(tokenizerURL)
            guard let model = json["model"] as? [String: Any], model["type"] as? String == "WordPiece",
                let vocab = model["vocab"] as? [String: Int]
            else {
                throw EncoderError(.unsupportedConfig, file: tokenizerURL.path, "model is not a WordPiece vocabulary")
            }
            vocabulary = vocab.mapValues { Int32($0) }
            prefix = model["continuing_subword_prefix"] as? String ?? prefix
            maxChars = model["max_input_chars_per_word"] as? Int ?? maxChars
            unknown = model["unk_token"] as? String ?? unknown
            if let normalizer = json["normalizer"] as? [String: Any], normalizer["type"] as? String == "BertNormalizer"
            {
                lowercase = normalizer["lowercase"] as? Bool ?? lowercase
                strip = normalizer["strip_accents"] as? Bool
                chinese = normalizer["handle_chinese_chars"] as? Bool ?? chinese
                clean = normalizer["clean_text"] as? Bool ?? clean
            }
            if maxLength == nil { maxLength = (json["truncation"] as? [String: Any])?["max_length"] as? Int }
        } else {
            let vocabURL = directory.appendingPathComponent("vocab.txt")
            guard let text = try? String(contentsOf: vocabURL, encoding: .utf8) else {
                let exists = FileManager.default.fileExists(atPath: vocabURL.path)
                throw EncoderError(
                    exists ? .corruptFile : .missingFile, file: vocabURL.path,
                    exists ? "not UTF-8 text" : "neither tokenizer.json nor vocab.txt in \(directory.path)")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
            if lines.last == "" { lines.removeLast() }
            vocabulary = Dictionary(
                lines.enumerated().map { ($0.element.trimmingCharacters(in: .whitespaces), Int32($0.offset)) },
                uniquingKeysWith: { first, _ in first })
        }
        let source = FileManager.default.fileExists(atPath: tokenizerURL.path) ? tokenizerURL : configURL
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else {
                throw EncoderError(.unsupportedConfig, file: source.path, "vocabulary has no \(token) token")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        self.stripAccents = strip ?? lowercase  // BERT strips accents whenever it lower-cases, unless told
        self.separateChineseCharacters = chinese
        self.cleanText = clean
        self.continuingPrefix = prefix
        self.maxCharactersPerWord = maxChars
        self.unknownID = try id(unknown)
        self.clsID = try id("[CLS]")
        self.sepID = try id("[SEP]")
        self.configuredMaxLength = maxLength
    }

    /// [CLS], the WordPiece ids of `text` truncated so the whole fits `maxLength`, [SEP].
    public func tokenIDs(_ text: String, maxLength: Int) -> [Int32] {
        var ids: [Int32] = [clsID]
        let budget = max(0, maxLength - 2)
        for word in words(text) {
            appendPieces(of: word, to: &ids)
            if ids.count > budget { break }
        }
        if ids.count > budget + 1 { ids.removeLast(ids.count - budget - 1) }
        ids.append(sepID)
        return ids
    }

    /// The normalised, pre-tokenised words of `text`.
    func words(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        var ascii = true
        for scalar in text.unicodeScalars {
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
                if Self.isWhitespace(scalar) {
                    cleaned.append(" ")
                    continue
                }
            }
            if separateChineseCharacters && Self.isCJK(scalar.value) {
                cleaned.append(contentsOf: [" ", scalar, " "])
                continue
            }
            if !scalar.isASCII { ascii = false }
            cleaned.append(scalar)
        }
        var normalized = String(cleaned)
        if stripAccents && !ascii {
            var kept = String.UnicodeScalarView()
            for scalar in normalized.decomposedStringWithCanonicalMapping.unicodeScalars
            where scalar.properties.generalCategory != .nonspacingMark {
                kept.append(scalar)
            }
            normalized = String(kept)
        }
        if lowercase { normalized = normalized.lowercased() }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in normalized.unicodeScalars {
            if Self.isWhitespace(scalar) {
                flush()
            } else if Self.isPunctuation(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    /// Greedy longest-match-first WordPiece; a word with any unmatched remainder becomes one [UNK].
    func appendPieces(of word: String, to ids: inout [Int32]) {
        if let id = vocabulary[word] {
            ids.append(id)
            return
        }
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= maxCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        var pieces: [Int32] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = continuingPrefix + piece }
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.append(unknownID)
                return
            }
            pieces.append(found)
            start = end
        }
        ids.append(contentsOf: pieces)
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT sets apart (not Hiragana, Katakana or Hangul).
    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
