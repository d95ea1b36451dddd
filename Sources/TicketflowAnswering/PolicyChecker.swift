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

        /// Creates a rule.
        public init(name: String, triggers: [String]) {
            self.name = name
            self.triggers = triggers
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
        Rule(name: "credit", triggers: ["credit your account", "account credit", "store credit", "compensat", "goodwill"]),
        Rule(name: "waiver", triggers: ["waive", "free of charge", "no charge", "for free", "at no cost", "no extra cost"]),
        Rule(name: "price", triggers: ["$", "€", "£", "usd", "eur", "gbp", "per month", "per year", "price", "costs "]),
        Rule(name: "deadline", triggers: ["within ", "by tomorrow", "by monday", "by tuesday", "by wednesday", "by thursday", "by friday", "by the end of", "business days", "hours", "guarantee", "immediately"]),
    ]

    /// Flags for every promise in the answer that no excerpt backs.
    public func check(_ document: AnswerDocument, passages: [RetrievedPassage]) -> [AnswerFlag] {
        // List markers are stripped so step "2." never backs a promise of "2 days".
        let excerpts = passages.map {
            TextAnalysis.sentences($0.text).map(TextAnalysis.strippingListMarker).joined(separator: "\n").lowercased()
        }
        var flags: [AnswerFlag] = []
        for sentence in document.sentences {
            let lower = sentence.text.lowercased()
            for rule in rules where rule.triggers.contains(where: lower.contains) {
                let amounts = Self.amounts(in: lower)
                let backed = excerpts.contains { excerpt in
                    rule.triggers.contains(where: excerpt.contains)
                        && amounts.allSatisfy { Self.amounts(in: excerpt).contains($0) }
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
