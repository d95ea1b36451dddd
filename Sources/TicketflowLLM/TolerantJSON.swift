import Foundation

/// Pulls a JSON object out of a model reply that may wrap it in prose or
/// Markdown fences, for servers without JSON mode.
enum TolerantJSON {
    static func object(in text: String) -> [String: Any]? {
        if let object = parse(text) { return object }
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        return parse(String(text[start...end]))
    }

    private static func parse(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// An integer field, accepting numbers sent as strings.
    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as NSNumber: return number.intValue
        case let string as String: return Int(string.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }
}
