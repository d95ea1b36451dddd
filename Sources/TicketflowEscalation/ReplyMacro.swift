import Foundation

/// A saved reply from the config file (`macros`): a name, and a body with placeholders the console fills
/// from the ticket before the agent sees it. A placeholder it cannot fill (no order number in the
/// conversation) stays as written, and a reply that still holds one is refused: nothing half-filled reaches
/// a customer.
public struct ReplyMacro: Sendable, Equatable {
    public var name: String
    public var body: String

    public init(name: String, body: String) {
        self.name = name
        self.body = body
    }

    /// What a placeholder is filled with.
    public struct Values: Sendable, Equatable {
        /// The customer's name as they gave it; nil fills "there" ("Hi there").
        public var customerName: String?
        public var agentName: String
        public var ticketID: Int64
        /// The order number the customer wrote, if any (`orderNumber(in:)`).
        public var orderID: String?

        public init(customerName: String?, agentName: String, ticketID: Int64, orderID: String?) {
            self.customerName = customerName
            self.agentName = agentName
            self.ticketID = ticketID
            self.orderID = orderID
        }
    }

    /// The placeholders a body may use.
    public static let placeholders = ["customer_name", "agent_name", "ticket_id", "order_id"]

    /// The body with every placeholder it can fill filled. Only the conversation's own customer's facts go
    /// in, so a saved reply never carries anyone else's data.
    public func filled(_ values: Values) -> String {
        var text = body
        let fills: [String: String?] = [
            "customer_name": values.customerName.flatMap { $0.isEmpty ? nil : $0 } ?? "there",
            "agent_name": values.agentName, "ticket_id": String(values.ticketID), "order_id": values.orderID,
        ]
        for (name, value) in fills {
            if let value { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        }
        return text
    }

    /// The placeholders of `placeholders` still in `text`, in order of first appearance.
    public static func unfilled(in text: String) -> [String] {
        placeholders.filter { text.contains("{{\($0)}}") }
    }

    /// Placeholders in `body` that are not in `placeholders` (a typo such as `{{customer}}`).
    public var unknownPlaceholders: [String] {
        var unknown: [String] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if !Self.placeholders.contains(name), !unknown.contains(name) { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }

    /// The order number a customer wrote ("order 4587345", "order #A-1234", "order number: 00004587345"),
    /// newest message first; nil when there is none.
    public static func orderNumber(in customerMessages: [String]) -> String? {
        let pattern = #"(?i)\b(?:order|purchase)\s*(?:number|no\.?|id|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,24})\b"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        for text in customerMessages.reversed() {
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                guard let found = Range(match.range(at: 1), in: text) else { continue }
                let candidate = String(text[found])
                // An order number has a digit; "order status" is not one.
                if candidate.contains(where: \.isNumber) { return candidate }
            }
        }
        return nil
    }
}
