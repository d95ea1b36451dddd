import Foundation

/// Opaque paging cursor. Clients pass back what we gave them; the format
/// (base64url of "t:<id>") is ours to change.
enum TicketCursor {
    static func encode(before id: Int64) -> String {
        Data("t:\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> Int64? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8),
            text.hasPrefix("t:"), let id = Int64(text.dropFirst(2)), id > 0
        else { return nil }
        return id
    }
}
