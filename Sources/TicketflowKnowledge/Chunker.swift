/// Splits an article into retrievable chunks by heading sections, packing
/// paragraphs up to a size cap with a small sentence overlap. List runs
/// (numbered steps, bullets, and the "To do X:" line that introduces them)
/// are never split, because half a procedure is a wrong answer.
public struct Chunker: Sendable {
    /// Soft cap on chunk text length, in UTF-8 bytes (characters, for English).
    public var maxCharacters: Int
    /// How much trailing text of one chunk is repeated at the start of the next
    /// piece of the same section, so a sentence cut from its context still matches.
    public var overlapCharacters: Int

    /// Creates a chunker; ~1,200 characters is a few paragraphs, enough for one answer.
    public init(maxCharacters: Int = 1200, overlapCharacters: Int = 150) {
        self.maxCharacters = max(200, maxCharacters)
        self.overlapCharacters = max(0, overlapCharacters)
    }

    /// The chunks of one article, in reading order.
    public func chunks(of article: Article) -> [KnowledgeChunk] {
        // Most FAQ answers are one short paragraph: no sections to find.
        if article.body.utf8.count <= maxCharacters, !article.body.utf8.contains(0x0A) {
            return [
                KnowledgeChunk(
                    articleID: article.id, ordinal: 0, title: article.title, headingPath: [],
                    text: article.body.trimmingSpaces(), category: article.category, tags: article.tags)
            ]
        }
        var result: [KnowledgeChunk] = []
        for section in sections(of: article) {
            for text in pack(blocks(of: section.lines)) {
                result.append(
                    KnowledgeChunk(
                        articleID: article.id, ordinal: result.count, title: article.title,
                        headingPath: section.headingPath, text: text, category: article.category, tags: article.tags))
            }
        }
        if result.isEmpty {
            result.append(
                KnowledgeChunk(
                    articleID: article.id, ordinal: 0, title: article.title, headingPath: [],
                    text: article.body.trimmingSpaces(), category: article.category, tags: article.tags))
        }
        return result
    }

    struct Section {
        var headingPath: [String]
        var lines: [String]
    }

    func sections(of article: Article) -> [Section] {
        var sections: [Section] = []
        var stack: [(level: Int, text: String)] = []
        var current = Section(headingPath: [], lines: [])
        let lines = article.body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        for line in lines {
            if let level = MarkdownArticleParser.headingLevel(line) {
                sections.append(current)
                let text = line.dropFirst(level).trimmingSpaces()
                while let last = stack.last, last.level >= level { stack.removeLast() }
                stack.append((level, text))
                let path = stack.enumerated().filter { index, entry in
                    !(index == 0 && entry.level == 1 && entry.text == article.title)
                }.map(\.element.text)
                current = Section(headingPath: path, lines: [])
            } else {
                current.lines.append(line)
            }
        }
        sections.append(current)
        return sections.filter { $0.lines.contains { !Self.isBlank($0) } }
    }

    /// A paragraph or an unsplittable list run.
    struct Block {
        var text: String
        var isList: Bool
    }

    /// Byte-level checks: these run on every line of every article, and
    /// Character iteration (grapheme breaking) would dominate indexing time.
    static func isBlank(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// "- item", "* item", "+ item", "• item", "1. step", "2) step".
    static func isListItem(_ line: String) -> Bool {
        let trimmed = line.utf8.drop(while: { $0 == 0x20 || $0 == 0x09 })
        guard let first = trimmed.first else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            return trimmed.dropFirst().first == 0x20
        }
        if trimmed.starts(with: "•".utf8) { return trimmed.dropFirst(3).first == 0x20 }
        let digits = trimmed.prefix(while: { (0x30...0x39).contains($0) })
        guard !digits.isEmpty, digits.count <= 3 else { return false }
        let rest = trimmed.dropFirst(digits.count)
        return (rest.first == UInt8(ascii: ".") || rest.first == UInt8(ascii: ")")) && rest.dropFirst().first == 0x20
    }

    func blocks(of lines: [String]) -> [Block] {
        var blocks: [Block] = []
        var current: [String] = []
        var currentIsList = false
        func flush() {
            if !current.isEmpty { blocks.append(Block(text: current.joined(separator: "\n"), isList: currentIsList)) }
            current = []
            currentIsList = false
        }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let blank = Self.isBlank(line)
            if blank {
                // A blank line inside a list run does not end it when another item follows.
                let next = lines[(index + 1)...].first { !Self.isBlank($0) }
                if currentIsList, let next, Self.isListItem(next) || next.first == " " || next.first == "\t" {
                    index += 1
                    continue
                }
                flush()
            } else if Self.isListItem(line) {
                if !currentIsList {
                    // "To reset your password:" belongs with the steps it introduces.
                    if current.last?.trimmingTrailingSpaces().hasSuffix(":") != true {
                        flush()
                        if let previous = blocks.last, !previous.isList,
                            previous.text.trimmingTrailingSpaces().hasSuffix(":")
                        {
                            current = [blocks.removeLast().text]
                        }
                    }
                    currentIsList = true
                }
                current.append(line)
            } else {
                if currentIsList, line.first != " ", line.first != "\t",
                    Self.isBlank(lines[index - 1])
                {
                    flush()
                }
                current.append(line)
            }
            index += 1
        }
        flush()
        return blocks
    }

    func pack(_ blocks: [Block]) -> [String] {
        var chunks: [String] = []
        var current = ""
        var currentEndsWithList = false
        func emit() {
            let text = current.trimmingSpaces()
            if !text.isEmpty { chunks.append(text) }
            current = ""
        }
        for block in blocks.flatMap(splitOversized) {
            let separator = current.isEmpty ? "" : "\n\n"
            if !current.isEmpty, current.utf8.count + separator.utf8.count + block.text.utf8.count > maxCharacters {
                let overlap = currentEndsWithList ? "" : tail(of: current)
                emit()
                current = overlap.isEmpty ? "" : overlap + "\n\n"
                // An overlap must never push a block past the cap on its own.
                if current.utf8.count + block.text.utf8.count > maxCharacters { current = "" }
            }
            current += (current.isEmpty || current.hasSuffix("\n\n") ? "" : "\n\n") + block.text
            currentEndsWithList = block.isList
        }
        emit()
        return chunks
    }

    /// Paragraphs over the cap are cut at sentence ends, leaving room for the
    /// overlap that `pack` puts in front of each piece; lists are kept whole.
    func splitOversized(_ block: Block) -> [Block] {
        guard !block.isList, block.text.utf8.count > maxCharacters else { return [block] }
        let maxCharacters = max(100, self.maxCharacters - overlapCharacters - 2)
        var pieces: [Block] = []
        var current = ""
        for sentence in Self.sentences(block.text) {
            if !current.isEmpty, current.utf8.count + 1 + sentence.utf8.count > maxCharacters {
                pieces.append(Block(text: current, isList: false))
                current = ""
            }
            if sentence.utf8.count > maxCharacters {
                // A run-on "sentence": cut at word boundaries.
                for part in Self.hardSplit(sentence, limit: maxCharacters) {
                    if !current.isEmpty { pieces.append(Block(text: current, isList: false)) }
                    current = part
                }
            } else {
                current += (current.isEmpty ? "" : " ") + sentence
            }
        }
        if !current.isEmpty { pieces.append(Block(text: current, isList: false)) }
        return pieces
    }

    /// The last sentences of `text` that fit in the overlap budget.
    func tail(of text: String) -> String {
        guard overlapCharacters > 0 else { return "" }
        var tail = ""
        for sentence in Self.sentences(text).reversed() {
            let candidate = tail.isEmpty ? sentence : sentence + " " + tail
            if candidate.utf8.count > overlapCharacters { break }
            tail = candidate
        }
        return tail
    }

    /// Sentences end at '.', '!' or '?' followed by whitespace; line breaks inside become spaces.
    static func sentences(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        var start = 0
        func emit(_ end: Int) {
            guard end > start else { return }
            let sentence = String(
                decoding: bytes[start..<end].map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self
            )
            .trimmingSpaces()
            if !sentence.isEmpty { result.append(sentence) }
            start = end
        }
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") else { continue }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0x20
            if next == 0x20 || next == 0x0A || next == 0x09 || next == 0x0D { emit(index + 1) }
        }
        emit(bytes.count)
        return result
    }

    static func hardSplit(_ text: String, limit: Int) -> [String] {
        var parts: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.utf8.count + 1 + word.utf8.count > limit {
                parts.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
