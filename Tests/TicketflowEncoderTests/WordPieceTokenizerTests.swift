import Foundation
import Testing

@testable import TicketflowEncoder

/// Tokenizer edge cases, on a small vocab.txt (the fallback path) and on the real tokenizer.json.
@Suite struct WordPieceTokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##ord", "##able", "hello", "world", ",", "!", "cafe",
        "café", "我", "的", "a", "##b",
    ]

    /// A model directory holding only vocab.txt and, when given, tokenizer_config.json.
    static func tokenizer(config: String? = nil) throws -> WordPieceTokenizer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wordpiece-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try (vocabulary.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        if let config {
            try config.write(
                to: directory.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        }
        return try WordPieceTokenizer(directory: directory)
    }

    func pieces(_ tokenizer: WordPieceTokenizer, _ text: String, maxLength: Int = 64) -> [String] {
        tokenizer.tokenIDs(text, maxLength: maxLength).map { Self.vocabulary[Int($0)] }
    }

    @Test func greedyLongestMatchFirstWithContinuationPieces() throws {
        let tokenizer = try Self.tokenizer()
        #expect(pieces(tokenizer, "unaffordable") == ["[CLS]", "un", "##aff", "##ord", "##able", "[SEP]"])
        #expect(pieces(tokenizer, "ab") == ["[CLS]", "a", "##b", "[SEP]"])
        // A word with an unmatched remainder becomes one [UNK], not a partial match.
        #expect(pieces(tokenizer, "unx hello") == ["[CLS]", "[UNK]", "hello", "[SEP]"])
        #expect(pieces(tokenizer, String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() throws {
        let tokenizer = try Self.tokenizer()
        #expect(pieces(tokenizer, "HELLO,World!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"])
        #expect(pieces(tokenizer, "Café") == ["[CLS]", "cafe", "[SEP]"])
        #expect(tokenizer.words("a\u{200B}b\tc\u{00A0}d\u{0}e") == ["ab", "c", "de"])
    }

    @Test func configCanKeepCaseOrAccents() throws {
        let cased = try Self.tokenizer(config: #"{"do_lower_case": false}"#)
        #expect(pieces(cased, "Hello hello") == ["[CLS]", "[UNK]", "hello", "[SEP]"])
        let accented = try Self.tokenizer(config: #"{"do_lower_case": true, "strip_accents": false}"#)
        #expect(pieces(accented, "CAFÉ") == ["[CLS]", "café", "[SEP]"])
    }

    @Test func chineseCharactersStandAloneButKanaDoesNot() throws {
        let tokenizer = try Self.tokenizer()
        #expect(pieces(tokenizer, "我的") == ["[CLS]", "我", "的", "[SEP]"])
        #expect(tokenizer.words("こんにちは我") == ["こんにちは", "我"])
        // Accent stripping removes the dakuten too, as BERT does: が (U+304C) decomposes to か + U+3099.
        #expect(tokenizer.words("が") == ["か"])
        let separate = try Self.tokenizer(config: #"{"tokenize_chinese_chars": false}"#)
        #expect(separate.words("我的") == ["我的"])
    }

    @Test func truncatesToTheMaximumLengthKeepingClsAndSep() throws {
        let tokenizer = try Self.tokenizer()
        let ids = tokenizer.tokenIDs(String(repeating: "hello world ", count: 50), maxLength: 8)
        #expect(ids.count == 8)
        #expect(ids.first == 2 && ids.last == 3)
        #expect(pieces(tokenizer, "") == ["[CLS]", "[SEP]"])
        #expect(pieces(tokenizer, " \n\t ") == ["[CLS]", "[SEP]"])
    }

    @Test func missingVocabularyIsATypedError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wordpiece-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: EncoderError.self) { try WordPieceTokenizer(directory: directory) }
        #expect(error?.code == .missingFile)
        #expect(error?.file.hasSuffix("vocab.txt") == true)
    }

    @Test func realTokenizerMatchesItsVocabularyFile() throws {
        let directory = try EncoderModel.directory()
        let fromJSON = try WordPieceTokenizer(directory: directory)
        #expect(fromJSON.lowercase && fromJSON.stripAccents)
        // The same model read through vocab.txt + tokenizer_config.json gives the same ids.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID())")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in ["vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let fromVocab = try WordPieceTokenizer(directory: copy)
        for text in try ReferenceFixture.load().cases.map(\.text) {
            #expect(fromVocab.tokenIDs(text, maxLength: 256) == fromJSON.tokenIDs(text, maxLength: 256), "\(text)")
        }
    }
}
