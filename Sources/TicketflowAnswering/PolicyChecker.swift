import Foundation
import TicketflowCore

/// Flags promises an answer makes — refunds, discounts, credits, prices,
/// deadlines, guarantees — that the retrieved knowledge does not state. A
/// promise is "stated" when some excerpt names the same kind of promise and
/// contains every amount or time span the answer sentence gives.
public struct PolicyChecker: Sendable {
    /// A kind of promise and the phrases that make one.
    public struct Rule: Sendable {
        /// Name used in flags, e.g. "refund".
        public var name: String
        /// Lower-case word stems; a sentence containing one makes this kind of promise.
        public var triggers: [String]

        /// Triggers as lower-case UTF-8, for the byte search.
        let triggerBytes: [[UInt8]]

        /// Creates a rule.
        public init(name: String, triggers: [String]) {
            self.name = name
            self.triggers = triggers
            self.triggerBytes = triggers.map { Array($0.lowercased().utf8) }
        }

        func matches(_ text: [UInt8]) -> Bool {
            triggerBytes.contains { ByteSearch.contains(text, $0) }
        }
    }

    /// The promise kinds checked.
    public var rules: [Rule]

    /// Creates a checker with the default rules.
    public init(rules: [Rule] = PolicyChecker.defaultRules) {
        self.rules = rules
    }

    /// The default promise kinds (see docs/answering.md).
    public static let defaultRules: [Rule] = [
        Rule(name: "refund", triggers: ["refund", "reimburse", "money back", "chargeback"]),
        Rule(name: "discount", triggers: ["discount", "coupon", "promo code", "% off", "percent off"]),
        Rule(
            name: "credit",
            triggers: ["credit your account", "account credit", "store credit", "compensat", "goodwill"]),
        Rule(
            name: "waiver",
            triggers: ["waive", "free of charge", "no charge", "for free", "at no cost", "no extra cost"]),
        Rule(
            name: "price", triggers: ["$", "€", "£", "usd", "eur", "gbp", "per month", "per year", "price", "costs "]),
        Rule(
            name: "deadline",
            triggers: [
                "within ", "by tomorrow", "by monday", "by tuesday", "by wednesday", "by thursday", "by friday",
                "by the end of", "business days", "hours", "guarantee", "immediately",
            ]),
    ]

    /// Flags for every promise in the answer that no excerpt backs.
    public func check(_ document: AnswerDocument, passages: [RetrievedPassage]) -> [AnswerFlag] {
        check(document, index: PassageIndex(passages))
    }

    func check(_ document: AnswerDocument, index: PassageIndex) -> [AnswerFlag] {
        // Indexed excerpts have list markers stripped, so step "2." never backs "2 days".
        let excerpts = index.all
        var flags: [AnswerFlag] = []
        for sentence in document.sentences {
            let lower = sentence.text.lowercased()
            let bytes = Array(lower.utf8)
            for rule in rules where rule.matches(bytes) {
                let amounts = Self.amounts(in: lower)
                let backed = excerpts.contains { excerpt in
                    amounts.isSubset(of: excerpt.amounts) && rule.matches(excerpt.lowercasedBytes)
                }
                if !backed { flags.append(AnswerFlag(.policyPromise, "\(rule.name): \(sentence.text)")) }
            }
        }
        return flags
    }

    /// Numbers in a text ("30", "9.99", "50%"), normalised so "$9.99" and "9.99 USD" match.
    static func amounts(in text: String) -> Set<String> {
        var result: Set<String> = []
        var current = ""
        for char in text {
            if char.isNumber || (char == "." && !current.isEmpty) || (char == "," && !current.isEmpty) {
                current.append(char)
            } else {
                if !current.isEmpty { result.insert(normaliseAmount(current)) }
                current = ""
            }
        }
        if !current.isEmpty { result.insert(normaliseAmount(current)) }
        return result
    }

    private static func normaliseAmount(_ raw: String) -> String {
        var value = raw.replacingOccurrences(of: ",", with: "")
        while value.hasSuffix(".") { value.removeLast() }
        if value.hasSuffix(".00") { value.removeLast(3) }
        return value
    }
}

/// Substring search on UTF-8 bytes: Foundation's `contains` on Linux goes
/// through CFString and dominated the judge's time.
enum ByteSearch {
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        let lastStart = haystack.count - needle.count
        var index = 0
        while index <= lastStart {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}
