// IMAP's generic syntax (RFC 3501 section 4): every server response is made of these few value kinds.

/// One value of an IMAP response: an atom, a string (quoted or literal), a parenthesised list, or `NIL`.
public enum IMAPValue: Sendable, Hashable {
    /// An atom: also numbers, flags such as `\Seen`, and FETCH item names such as `BODY[HEADER]`.
    case atom(String)
    /// A quoted string or a literal, as raw bytes (a literal may hold 8-bit or binary data).
    case string([UInt8])
    /// A parenthesised list.
    case list([IMAPValue])
    /// The atom `NIL` (no value).
    case nilValue

    /// The atom's text, or nil for other kinds.
    public var atom: String? {
        if case .atom(let text) = self { return text }
        return nil
    }

    /// The value as an unsigned 32-bit number (UIDs, sizes, counts), or nil when it is not one.
    public var number: UInt32? {
        guard case .atom(let text) = self, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return UInt32(text)
    }

    /// A string's bytes (quoted or literal), or nil for other kinds.
    public var bytes: [UInt8]? {
        if case .string(let bytes) = self { return bytes }
        return nil
    }

    /// A string or atom as text (invalid UTF-8 repaired), or nil for lists and `NIL`.
    public var text: String? {
        switch self {
        case .atom(let text): return text
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .list, .nilValue: return nil
        }
    }

    /// A list's elements, or nil for other kinds.
    public var list: [IMAPValue]? {
        if case .list(let values) = self { return values }
        return nil
    }
}
