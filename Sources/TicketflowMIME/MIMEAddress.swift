import Foundation

/// A mailbox from an address header: an optional display name and the address.
public struct MIMEAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The display name with encoded words decoded, or nil when there was none.
    public var name: String?
    /// The address as written (`local@domain`); compare case-insensitively on the domain.
    public var address: String

    /// Creates an address.
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The part after the last "@", lowercased, or nil.
    public var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        return String(address[address.index(after: at)...]).lowercased()
    }

    /// The part before the last "@" (the whole address when it has none).
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// `Name <address>` or the bare address, for display (not for headers: see `MIMEComposer`).
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }

    /// Parses an address-list header (From, To, Cc, Reply-To): display names in quotes or encoded words,
    /// comments, the old `address (Name)` form, and groups (`team: a@x, b@y;`, whose members are listed).
    public static func parseList(_ header: String) -> [MIMEAddress] {
        var result: [MIMEAddress] = []
        var phrase = ""
        var angle: String?
        var comment = ""
        var inQuote = false
        var inAngle = false
        var commentDepth = 0
        var escaped = false
        func flush() {
            if let address = makeAddress(phrase: phrase, angle: angle, comment: comment) { result.append(address) }
            phrase = ""
            angle = nil
            comment = ""
        }
        for character in header {
            if escaped {
                if inAngle { angle?.append(character) } else { phrase.append(character) }
                escaped = false
            } else if inQuote {
                if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuote = false
                } else {
                    phrase.append(character)
                }
            } else if commentDepth > 0 {
                if character == "(" { commentDepth += 1 }
                if character == ")" { commentDepth -= 1 }
                if commentDepth > 0 { comment.append(character) }
            } else if inAngle {
                if character == ">" { inAngle = false } else { angle?.append(character) }
            } else {
                switch character {
                case "\"": inQuote = true
                case "\\": escaped = true
                case "(": commentDepth = 1
                case "<":
                    inAngle = true
                    angle = ""
                case ",", ";": flush()
                case ":" where angle == nil && !phrase.contains("@"): phrase = ""  // a group's name
                default: phrase.append(character)
                }
            }
        }
        flush()
        return result
    }

    private static func makeAddress(phrase: String, angle: String?, comment: String) -> MIMEAddress? {
        let collapsedPhrase = phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if var address = angle?.trimmingWhitespace() {
            if address.lowercased().hasPrefix("mailto:") { address.removeFirst(7) }
            // Drop an obsolete source route ("<@relay:user@host>").
            if address.hasPrefix("@"), let colon = address.firstIndex(of: ":") {
                address = String(address[address.index(after: colon)...])
            }
            address = address.filter { !$0.isWhitespace }
            guard !address.isEmpty else { return nil }
            let name = MIMEEncodedWords.decode(collapsedPhrase).trimmingWhitespace()
            return MIMEAddress(name: name.isEmpty ? nil : name, address: address)
        }
        let bare = collapsedPhrase.filter { !$0.isWhitespace }
        guard !bare.isEmpty else { return nil }
        let name = MIMEEncodedWords.decode(comment).trimmingWhitespace()
        return MIMEAddress(name: name.isEmpty ? nil : name, address: bare)
    }
}

/// Message-ID, In-Reply-To and References values: lists of `<id>`, returned without the angle brackets.
public enum MIMEMessageID {
    /// The ids in `header` in order, duplicates removed. Without any `<...>`, words containing "@" are taken.
    public static func parseList(_ header: String) -> [String] {
        var ids: [String] = []
        var current: String?
        for character in header {
            if character == "<" {
                current = ""
            } else if character == ">" {
                if let id = current?.filter({ !$0.isWhitespace }), !id.isEmpty, !ids.contains(id) { ids.append(id) }
                current = nil
            } else {
                current?.append(character)
            }
        }
        if ids.isEmpty {
            for word in header.split(whereSeparator: { $0.isWhitespace || $0 == "," }) where word.contains("@") {
                let id = String(word)
                if !ids.contains(id) { ids.append(id) }
            }
        }
        return ids
    }
}
