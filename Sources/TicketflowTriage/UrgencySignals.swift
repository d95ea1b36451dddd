import Foundation
import TicketflowText

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

    /// The signal and its words, as reasons quote them: `time pressure ("by friday")`.
    public var described: String { "\(signal.phrase) (\"\(evidence)\")" }
}

/// Finds explicit urgency evidence with phrase lists over normalised tokens.
/// Rules, not a model, because these are the cues a support lead names when
/// asked why a ticket must jump the queue, and the reason must name them.
public struct UrgencySignalDetector: Sendable {
    private typealias Phrase = (rest: [UInt64], signal: UrgencySignal, text: String)
    /// Phrases keyed by the hash of their first word; words are compared by
    /// hash so matching makes no Strings.
    private let phrases: [UInt64: [Phrase]]
    private let normalizer = TextNormalizer()

    /// Prior customer messages in the same conversation at which contact counts as repeated.
    public static let repeatedContactMessages = 2

    public init() {
        var table: [UInt64: [Phrase]] = [:]
        for (signal, list) in Self.lexicon {
            for phrase in list {
                let words = phrase.split(separator: " ").map { Self.hash($0.unicodeScalars.map(\.value)[...]) }
                table[words[0], default: []].append((Array(words.dropFirst()), signal, phrase))
            }
        }
        self.phrases = table
    }

    /// FNV-1a 64 of a token's scalars.
    static func hash(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in scalars { h = (h ^ UInt64(value)) &* 0x100_0000_01B3 }
        return h
    }

    /// Signals in a text; `priorCustomerMessages` counts earlier customer messages in the conversation.
    public func detect(_ text: String, priorCustomerMessages: Int = 0) -> [FiredSignal] {
        detect(text, normalized: normalizer.normalize(text), priorCustomerMessages: priorCustomerMessages)
    }

    /// Signals from an already-normalised text (avoids normalising twice).
    public func detect(_ text: String, normalized: NormalizedText, priorCustomerMessages: Int = 0) -> [FiredSignal] {
        let hashes = normalized.tokenRanges.map { Self.hash(normalized.scalars[$0]) }
        var fired: [UrgencySignal: String] = [:]
        for (index, hash) in hashes.enumerated() {
            guard let candidates = phrases[hash] else { continue }
            for candidate in candidates where fired[candidate.signal] == nil {
                guard index + candidate.rest.count < hashes.count else { continue }
                var matches = true
                for (offset, word) in candidate.rest.enumerated() where hashes[index + 1 + offset] != word {
                    matches = false
                    break
                }
                if matches { fired[candidate.signal] = candidate.text }
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
    /// Works on Unicode scalars, not Characters: grapheme breaking is the slow
    /// part of Swift strings and letters need no grapheme context here.
    static func shouting(in text: String) -> String? {
        let scalars = text.unicodeScalars
        var capsWords: [Range<String.Index>] = []
        var wordStart: String.Index? = nil
        var letters = 0
        var allUpper = true
        var previousWasBang = false
        var doubleBang = false
        var index = scalars.startIndex
        while true {
            let atEnd = index == scalars.endIndex
            var isLetter = false
            var isUpper = false
            if !atEnd {
                let scalar = scalars[index]
                let value = scalar.value
                if value == 0x21 {
                    if previousWasBang { doubleBang = true }
                    previousWasBang = true
                } else {
                    previousWasBang = false
                }
                if value < 0x80 {
                    isUpper = value >= 0x41 && value <= 0x5A
                    isLetter = isUpper || (value >= 0x61 && value <= 0x7A)
                } else {
                    isLetter = scalar.properties.isAlphabetic
                    isUpper = isLetter && scalar.properties.isUppercase
                }
            }
            if isLetter {
                if wordStart == nil { wordStart = index }
                letters += 1
                if !isUpper { allUpper = false }
            } else if let start = wordStart {
                if letters >= 4, allUpper, capsWords.count < 3 { capsWords.append(start..<index) }
                wordStart = nil
                letters = 0
                allUpper = true
            }
            if atEnd { break }
            index = scalars.index(after: index)
        }
        if capsWords.count >= 3 { return capsWords.map { String(text[$0]) }.joined(separator: " ") }
        return doubleBang ? "!!" : nil
    }

    static let lexicon: [(UrgencySignal, [String])] = [
        (
            .timePressure,
            [
                "asap", "urgent", "urgently", "immediately", "right now", "right away", "today", "tonight",
                "by tomorrow", "deadline", "emergency", "critical", "as soon as possible", "within the hour",
                "in one hour", "in an hour", "in two hours", "time sensitive", "losing money", "losing sales",
            ]
        ),
        (
            .legalThreat,
            [
                "lawyer", "lawyers", "attorney", "legal action", "sue", "suing", "lawsuit", "court", "chargeback",
                "dispute the charge", "dispute it with my bank", "ombudsman", "consumer protection", "small claims",
                "regulator", "trading standards", "report you",
            ]
        ),
        (
            .churnThreat,
            [
                "i will cancel", "i'll cancel", "i m cancelling", "cancelling today", "canceling today",
                "going to cancel", "switch to", "switching to", "moving to another", "competitor", "competitors",
                "take my business elsewhere", "never buy", "never use", "done with you", "last chance",
                "last warning", "find another provider", "leaving you",
            ]
        ),
        (
            .repeatedContact,
            [
                "again", "second time", "third time", "fourth time", "fifth time", "several times", "many times",
                "multiple times", "still not", "still no", "still waiting", "still hasn", "still haven",
                "no response", "no reply", "nobody answers", "nobody replied", "nobody responded", "no one answers",
                "already contacted", "already called", "already emailed", "keep asking", "following up",
                "for weeks", "for days", "two weeks", "three weeks", "a month",
            ]
        ),
        (
            .outage,
            [
                "down", "outage", "not working", "doesn t work", "stopped working", "broken", "crash", "crashes",
                "crashing", "offline", "cannot access", "can t access", "can t log", "cannot log", "won t load",
                "not loading", "all users", "whole team", "production",
            ]
        ),
        (
            .profanity,
            [
                "damn", "crap", "shit", "fuck", "fucking", "wtf", "bullshit", "pissed", "idiots", "idiot", "stupid",
            ]
        ),
        (
            .security,
            [
                "hacked", "hacker", "fraud", "fraudulent", "unauthorized", "unauthorised", "stolen", "phishing",
                "breach", "compromised", "scam", "identity theft", "without permission", "without my permission",
                "didn t authorize", "did not authorize", "did not request", "didn t request",
            ]
        ),
        (
            .safetyHazard,
            [
                "fire", "smoke", "smoking", "overheating", "exploded", "injury", "injured", "burned", "electric shock",
            ]
        ),
    ]
}
