import Foundation

/// A kind of explicit urgency evidence in a ticket.
public enum UrgencySignal: String, Codable, Sendable, CaseIterable, Comparable {
    case timePressure = "time_pressure"
    case legalThreat = "legal_threat"
    case churnThreat = "churn_threat"
    case repeatedContact = "repeated_contact"
    case outage
    case shouting
    case profanity
    case security
    case safetyHazard = "safety_hazard"

    /// Words for the reason sentence.
    public var phrase: String {
        switch self {
        case .timePressure: "time pressure"
        case .legalThreat: "legal or chargeback threat"
        case .churnThreat: "churn threat"
        case .repeatedContact: "repeated contact"
        case .outage: "outage"
        case .shouting: "shouting"
        case .profanity: "profanity"
        case .security: "security or fraud"
        case .safetyHazard: "physical safety hazard"
        }
    }

    public static func < (lhs: UrgencySignal, rhs: UrgencySignal) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A signal that fired, with the words that fired it.
public struct FiredSignal: Codable, Sendable, Equatable {
    /// Which signal.
    public var signal: UrgencySignal
    /// The matched words, e.g. "chargeback" or "third time".
    public var evidence: String

    public init(signal: UrgencySignal, evidence: String) {
        self.signal = signal
        self.evidence = evidence
    }
}

/// Finds explicit urgency evidence with phrase lists over normalised tokens.
/// Rules, not a model, because these are the cues a support lead names when
/// asked why a ticket must jump the queue, and the reason must name them.
public struct UrgencySignalDetector: Sendable {
    private let phrases: [String: [(rest: [String], signal: UrgencySignal)]]
    private let normalizer = TextNormalizer()

    /// Prior customer messages in the same conversation at which contact counts as repeated.
    public static let repeatedContactMessages = 2

    public init() {
        var table: [String: [(rest: [String], signal: UrgencySignal)]] = [:]
        for (signal, list) in Self.lexicon {
            for phrase in list {
                let words = phrase.split(separator: " ").map(String.init)
                table[words[0], default: []].append((Array(words.dropFirst()), signal))
            }
        }
        self.phrases = table
    }

    /// Signals in a text; `priorCustomerMessages` counts earlier customer messages in the conversation.
    public func detect(_ text: String, priorCustomerMessages: Int = 0) -> [FiredSignal] {
        detect(text, tokens: normalizer.normalize(text).tokens, priorCustomerMessages: priorCustomerMessages)
    }

    /// Signals from already-normalised tokens (avoids normalising twice).
    public func detect(_ text: String, tokens: [String], priorCustomerMessages: Int = 0) -> [FiredSignal] {
        var fired: [UrgencySignal: String] = [:]
        for (index, token) in tokens.enumerated() {
            guard let candidates = phrases[token] else { continue }
            for candidate in candidates where fired[candidate.signal] == nil {
                guard index + candidate.rest.count < tokens.count else { continue }
                if candidate.rest.enumerated().allSatisfy({ tokens[index + 1 + $0.offset] == $0.element }) {
                    fired[candidate.signal] = ([token] + candidate.rest).joined(separator: " ")
                }
            }
        }
        if fired[.repeatedContact] == nil, priorCustomerMessages >= Self.repeatedContactMessages {
            fired[.repeatedContact] = "\(priorCustomerMessages + 1) customer messages in this conversation"
        }
        if let shouting = Self.shouting(in: text) { fired[.shouting] = shouting }
        return fired.keys.sorted().map { FiredSignal(signal: $0, evidence: fired[$0]!) }
    }

    /// Shouting: three or more capitalised words of four letters or more (short
    /// acronyms such as API or VAT do not count), or a run of "!!".
    static func shouting(in text: String) -> String? {
        var capsWords: [Substring] = []
        for word in text.split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
            if word.allSatisfy(\.isUppercase) { capsWords.append(word) }
        }
        if capsWords.count >= 3 { return capsWords.prefix(3).joined(separator: " ") }
        if text.contains("!!") { return "!!" }
        return nil
    }

    static let lexicon: [(UrgencySignal, [String])] = [
        (.timePressure, [
            "asap", "urgent", "urgently", "immediately", "right now", "right away", "today", "tonight",
            "by tomorrow", "deadline", "emergency", "critical", "as soon as possible", "within the hour",
            "in one hour", "in an hour", "in two hours", "time sensitive", "losing money", "losing sales",
        ]),
        (.legalThreat, [
            "lawyer", "lawyers", "attorney", "legal action", "sue", "suing", "lawsuit", "court", "chargeback",
            "dispute the charge", "dispute it with my bank", "ombudsman", "consumer protection", "small claims",
            "regulator", "trading standards", "report you",
        ]),
        (.churnThreat, [
            "i will cancel", "i'll cancel", "i m cancelling", "cancelling today", "canceling today",
            "going to cancel", "switch to", "switching to", "moving to another", "competitor", "competitors",
            "take my business elsewhere", "never buy", "never use", "done with you", "last chance",
            "last warning", "find another provider", "leaving you",
        ]),
        (.repeatedContact, [
            "again", "second time", "third time", "fourth time", "fifth time", "several times", "many times",
            "multiple times", "still not", "still no", "still waiting", "still hasn", "still haven",
            "no response", "no reply", "nobody answers", "nobody replied", "nobody responded", "no one answers",
            "already contacted", "already called", "already emailed", "keep asking", "following up",
            "for weeks", "for days", "two weeks", "three weeks", "a month",
        ]),
        (.outage, [
            "down", "outage", "not working", "doesn t work", "stopped working", "broken", "crash", "crashes",
            "crashing", "offline", "cannot access", "can t access", "can t log", "cannot log", "won t load",
            "not loading", "all users", "whole team", "production",
        ]),
        (.profanity, [
            "damn", "crap", "shit", "fuck", "fucking", "wtf", "bullshit", "pissed", "idiots", "idiot", "stupid",
        ]),
        (.security, [
            "hacked", "hacker", "fraud", "fraudulent", "unauthorized", "unauthorised", "stolen", "phishing",
            "breach", "compromised", "scam", "identity theft", "without permission", "without my permission",
            "didn t authorize", "did not authorize", "did not request", "didn t request",
        ]),
        (.safetyHazard, [
            "fire", "smoke", "smoking", "overheating", "exploded", "injury", "injured", "burned", "electric shock",
        ]),
    ]
}
