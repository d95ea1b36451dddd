import CSV
import Foundation

/// A file of named columns: a CSV with a header row, or JSON Lines whose
/// objects share keys. Training data, evaluation sets and FAQ imports all
/// arrive this way, so users can bring their own labeled history.
public struct Table: Sendable {
    /// Column names in file order (JSONL: keys in order of first appearance).
    public var columns: [String]
    /// One dictionary per row; a missing value is absent, not "".
    public var rows: [[String: String]]

    public init(columns: [String], rows: [[String: String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Reads a `.csv`, `.tsv`, `.jsonl` or `.ndjson` file, by extension.
    public static func read(path: String) throws -> Table {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(.unreadable, "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatasetError(
                .malformed, "\(path) is not valid UTF-8 (spreadsheets: save it as \"CSV UTF-8\")")
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson": return try parseJSONLines(text, source: path)
        case "tsv": return try parseDelimited(text, delimiter: "\t", source: path)
        case "csv": return try parseDelimited(text, delimiter: csvDelimiter(of: text), source: path)
        default:
            throw DatasetError(.unsupported, "\(path): expected a .csv, .tsv or .jsonl file")
        }
    }

    /// The values of one column; throws naming the columns that do exist.
    public func values(of column: String) throws -> [String] {
        guard columns.contains(column) else {
            throw DatasetError(
                .missingColumn,
                "no column '\(column)'; columns are: \(columns.joined(separator: ", "))"
            )
        }
        return rows.map { $0[column] ?? "" }
    }

    /// (text, label) pairs from two named columns, skipping rows where either is blank.
    public func labeledTexts(text: String, label: String) throws -> [(text: String, label: String)] {
        let texts = try values(of: text)
        let labels = try values(of: label)
        return zip(texts, labels).compactMap { pair in
            let label = pair.1.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = pair.0.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || label.isEmpty ? nil : (text, label)
        }
    }

    /// The delimiter of a `.csv` file: a comma, unless its header row has none but has
    /// semicolons (what spreadsheets write where the comma is the decimal mark) or tabs.
    static func csvDelimiter(of text: String) -> UnicodeScalar {
        var counts: [UnicodeScalar: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if quoted { continue }
            if scalar == "\n" { break }
            if counts[scalar] != nil { counts[scalar, default: 0] += 1 }
        }
        guard counts[","] == 0 else { return "," }
        if counts[";", default: 0] > 0 { return ";" }
        return counts["\t", default: 0] > 0 ? "\t" : ","
    }

    /// Parses CSV/TSV text with a header row (RFC 4180 quoting, multi-line fields).
    public static func parseDelimited(
        _ text: String, delimiter: UnicodeScalar, source: String = "input"
    ) throws -> Table {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter)
        } catch {
            throw DatasetError(.malformed, "\(source): cannot read the header row")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !header.isEmpty, header.contains(where: { !$0.isEmpty }) else {
            throw DatasetError(.malformed, "\(source): the header row is empty")
        }
        var rows: [[String: String]] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.count == 1, fields[0].isEmpty { continue }
            guard fields.count <= header.count else {
                throw DatasetError(
                    .malformed,
                    "\(source): record \(line - 1) has \(fields.count) fields, the header has \(header.count)"
                )
            }
            var row: [String: String] = [:]
            for (name, value) in zip(header, fields) { row[name] = value }
            rows.append(row)
        }
        if let error = reader.error {
            throw DatasetError(.malformed, "\(source): \(error)")
        }
        return Table(columns: header, rows: rows)
    }

    /// Parses JSON Lines: one object per line; non-string values are kept as JSON text.
    public static func parseJSONLines(_ text: String, source: String = "input") throws -> Table {
        var columns: [String] = []
        var seen = Set<String>()
        var rows: [[String: String]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw DatasetError(.malformed, "\(source): line \(index + 1) is not a JSON object")
            }
            var row: [String: String] = [:]
            for key in object.keys.sorted() {
                if seen.insert(key).inserted { columns.append(key) }
                row[key] = stringValue(object[key])
            }
            rows.append(row)
        }
        return Table(columns: columns, rows: rows)
    }

    private static func stringValue(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case nil, is NSNull: return nil
        case let number as NSNumber: return number.stringValue
        case let other?:
            guard JSONSerialization.isValidJSONObject(other),
                let data = try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys])
            else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// Why a data file could not be used.
public struct DatasetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreadable, malformed, unsupported
        case missingColumn = "missing_column"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
