import Foundation
import Testing
@testable import TicketflowDatasets

@Suite struct TableTests {
    @Test func readsQuotedMultilineCSV() throws {
        let table = try Table.parseDelimited(
            "text,label\n\"Hello, \"\"world\"\"\nsecond line\",greet\nbye,leave\n", delimiter: ",")
        #expect(table.columns == ["text", "label"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0]["text"] == "Hello, \"world\"\nsecond line")
        let pairs = try table.labeledTexts(text: "text", label: "label")
        #expect(pairs.map(\.label) == ["greet", "leave"])
    }

    @Test func readsJSONLinesWithMixedValues() throws {
        let table = try Table.parseJSONLines("{\"q\":\"How?\",\"id\":7}\n\n{\"q\":\"Why?\",\"tags\":[\"a\"]}\n")
        #expect(table.rows.count == 2)
        #expect(table.rows[0]["id"] == "7")
        #expect(table.rows[1]["tags"] == "[\"a\"]")
        #expect(Set(table.columns) == ["q", "id", "tags"])
    }

    @Test func errorsNameTheProblem() throws {
        #expect(throws: DatasetError.self) { try Table.parseJSONLines("{\"ok\":1}\nnot json\n") }
        let table = try Table.parseDelimited("a,b\n1,2\n", delimiter: ",")
        do {
            _ = try table.values(of: "text")
            Issue.record("expected a missing-column error")
        } catch let error as DatasetError {
            #expect(error.code == .missingColumn)
            #expect(error.message.contains("a, b"))
        }
        #expect(throws: DatasetError.self) { try Table.parseDelimited("a,b\n1,2,3\n", delimiter: ",") }
        #expect(throws: DatasetError.self) { try Table.read(path: "/nonexistent/file.csv") }
    }

    @Test func readsFilesByExtensionAndSkipsBlankLabels() throws {
        let path = NSTemporaryDirectory() + "table-\(UUID().uuidString).tsv"
        try "text\tlabel\nhi\tgreet\nno label\t\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pairs = try Table.read(path: path).labeledTexts(text: "text", label: "label")
        #expect(pairs.count == 1 && pairs[0].text == "hi")
        let bad = NSTemporaryDirectory() + "table-\(UUID().uuidString).xlsx"
        #expect(throws: DatasetError.self) { try Table.read(path: bad) }
    }

    /// A spreadsheet's CSV where the comma is the decimal mark: semicolons, a BOM, CRLF.
    @Test func readsASemicolonCSVFromASpreadsheet() throws {
        let path = NSTemporaryDirectory() + "table-\(UUID().uuidString).csv"
        try "\u{FEFF}text;label\r\n\"Charged 9,99 twice; please refund\";billing\r\napp crashes;technical\r\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pairs = try Table.read(path: path).labeledTexts(text: "text", label: "label")
        #expect(pairs.map(\.label) == ["billing", "technical"])
        #expect(pairs.first?.text == "Charged 9,99 twice; please refund")
        // A comma anywhere in the header keeps the comma, whatever the rows hold.
        #expect(Table.csvDelimiter(of: "text,label\na;b;c,x\n") == ",")
        #expect(Table.csvDelimiter(of: "\"a;b\"\tlabel\n") == "\t")

        let latin1 = NSTemporaryDirectory() + "table-\(UUID().uuidString).csv"
        try Data("text,label\ncaf\u{E9},x\n".data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: latin1))
        defer { try? FileManager.default.removeItem(atPath: latin1) }
        #expect(throws: DatasetError.self) { try Table.read(path: latin1) }
    }
}
