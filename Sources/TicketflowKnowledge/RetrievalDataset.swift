import Foundation
import TicketflowCore
import TicketflowDatasets

/// A retrieval test collection in the neutral docs/queries/qrels format
/// (BEIR-style): `docs.jsonl` {id,title,body}, `queries.jsonl` {id,text},
/// `qrels.tsv` query_id⇥doc_id⇥relevance without a header.
public struct RetrievalDataset: Sendable {
    /// One document of the collection.
    public struct Document: Sendable, Equatable {
        /// Document id, as in the qrels.
        public var id: String
        /// Document title (indexed as the heading field).
        public var title: String
        /// Document text.
        public var body: String
    }

    /// One query with its id.
    public struct Query: Sendable, Equatable {
        /// Query id, as in the qrels.
        public var id: String
        /// The query text.
        public var text: String
    }

    /// The collection, synthetic distractors included after padding.
    public var documents: [Document]
    /// Only queries that have at least one relevant document.
    public var queries: [Query]
    /// Relevant document ids per query id.
    public var relevant: [String: Set<String>]

    /// Creates a dataset from its parts.
    public init(documents: [Document], queries: [Query], relevant: [String: Set<String>]) {
        self.documents = documents
        self.queries = queries.filter { relevant[$0.id]?.isEmpty == false }
        self.relevant = relevant
    }

    /// Loads the three files; throws `KnowledgeError` naming the file at fault.
    public static func load(documents: String, queries: String, qrels: String) throws -> RetrievalDataset {
        func table(_ path: String) throws -> Table {
            do { return try Table.read(path: path) } catch let error as DatasetError {
                throw KnowledgeError(.malformed, error.message)
            }
        }
        let docTable = try table(documents)
        let docs = docTable.rows.compactMap { row -> Document? in
            guard let id = row["id"] else { return nil }
            return Document(id: id, title: row["title"] ?? "", body: row["body"] ?? row["text"] ?? "")
        }
        let queryTable = try table(queries)
        let queryList = queryTable.rows.compactMap { row -> Query? in
            guard let id = row["id"], let text = row["text"] ?? row["query"] else { return nil }
            return Query(id: id, text: text)
        }
        guard let data = FileManager.default.contents(atPath: qrels) else {
            throw KnowledgeError(.unreadable, "cannot read \(qrels)")
        }
        var relevant: [String: Set<String>] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            if number == 0, fields.count >= 3, Int(fields[fields.count - 1]) == nil { continue }  // header
            guard fields.count >= 3, let grade = Int(fields[fields.count - 1]) else {
                throw KnowledgeError(.malformed, "\(qrels): line \(number + 1) is not query⇥doc⇥relevance")
            }
            if grade > 0 { relevant[fields[0], default: []].insert(fields[fields.count == 4 ? 2 : 1]) }
        }
        guard !docs.isEmpty else { throw KnowledgeError(.empty, "\(documents): no documents with an id") }
        return RetrievalDataset(documents: docs, queries: queryList, relevant: relevant)
    }

    /// The collection plus `count` synthetic distractors, built like the Python
    /// peer's `--pad-docs`: each is a shuffled half of the words of two random
    /// real documents (title likewise), so vocabulary and lengths stay realistic
    /// while none is relevant. Seeded, so every run pads identically.
    public func padded(with count: Int, seed: UInt64 = 13) -> RetrievalDataset {
        guard count > 0, !documents.isEmpty else { return self }
        var generator = SplitMix64(seed: seed)
        var padded = documents
        padded.reserveCapacity(documents.count + count)
        for index in 0..<count {
            let a = documents[Int(generator.next() % UInt64(documents.count))]
            let b = documents[Int(generator.next() % UInt64(documents.count))]
            var words = (a.body + " " + b.body).split(whereSeparator: \.isWhitespace)
            words.shuffle(using: &generator)
            var titleWords = (a.title + " " + b.title).split(whereSeparator: \.isWhitespace)
            titleWords.shuffle(using: &generator)
            padded.append(
                Document(
                    id: String(format: "pad%06d", index),
                    title: titleWords.prefix(max(3, titleWords.count / 2)).joined(separator: " "),
                    body: words.prefix(max(8, words.count / 2)).joined(separator: " ")))
        }
        return RetrievalDataset(documents: padded, queries: queries, relevant: relevant)
    }
}
