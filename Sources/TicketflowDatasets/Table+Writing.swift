import CSV
import Foundation

extension Table {
    /// CSV text (header, then one row per line, LF line ends), quoted where
    /// needed by CSV.swift's writer so any spreadsheet or `model train` reads it back.
    public static func csvText(columns: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: columns)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw DatasetError(.unreadable, "could not read the written CSV back")
        }
        return String(decoding: data, as: UTF8.self) + (rows.isEmpty && columns.isEmpty ? "" : "\n")
    }
}
