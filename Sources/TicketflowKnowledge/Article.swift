import Foundation

/// One help-center article: the unit that is imported, stored, versioned and
/// chunked for retrieval.
public struct Article: Codable, Sendable, Equatable, Identifiable {
    /// Stable id derived from the source (relative path slug, FAQ row id), so
    /// re-importing the same file updates instead of duplicating.
    public var id: String
    /// Headline shown to agents and cited in answers.
    public var title: String
    /// Help-center category (billing, account...), used for filters and the ticket-category boost.
    public var category: String?
    /// Free-form labels, used by tag filters.
    public var tags: [String]
    /// Normalised text; Markdown-style `#` headings and `-`/`1.` list items kept for chunking.
    public var body: String
    /// Where it came from: a file path, a URL, or "api".
    public var source: String
    /// BCP 47 language tag, "en" unless the source says otherwise.
    public var language: String
    /// When the source last changed (file modification time for imports).
    public var updatedAt: Date
    /// Starts at 1 and goes up by one each time the content changes.
    public var version: Int
    /// Fingerprint of the content fields; equal hashes mean nothing to re-index.
    public var contentHash: String

    /// Creates an article and computes its content hash.
    public init(
        id: String, title: String, category: String? = nil, tags: [String] = [], body: String,
        source: String, language: String = "en", updatedAt: Date = Date(), version: Int = 1
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.tags = tags
        self.body = body
        self.source = source
        self.language = language
        self.updatedAt = updatedAt
        self.version = version
        self.contentHash = ""
        self.contentHash = computedContentHash()
    }

    /// The hash of the fields retrieval sees; source, dates and version are left
    /// out so moving or touching a file does not count as a change.
    public func computedContentHash() -> String {
        var hasher = ContentHasher()
        hasher.combine(title)
        hasher.combine(category ?? "")
        hasher.combine(tags.joined(separator: "\u{1F}"))
        hasher.combine(language)
        hasher.combine(body)
        return hasher.hexDigest
    }

    enum CodingKeys: String, CodingKey {
        case id, title, category, tags, body, source, language, version
        case updatedAt = "updated_at"
        case contentHash = "content_hash"
    }
}

/// A stable 128-bit content fingerprint (two FNV-1a 64 lanes with different
/// seeds). Swift's `Hasher` is randomly seeded per process, and CryptoKit is
/// not on Linux, so a small deterministic hash is written here; it detects
/// edits, it is not a security boundary.
public struct ContentHasher: Sendable {
    private var lane1: UInt64 = 0xcbf2_9ce4_8422_2325
    private var lane2: UInt64 = 0x84222325_cbf29ce4
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// An empty hasher.
    public init() {}

    /// Adds a string, followed by a separator so ("ab","c") ≠ ("a","bc").
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { add(byte) }
        add(0xFF)
    }

    private mutating func add(_ byte: UInt8) {
        lane1 = (lane1 ^ UInt64(byte)) &* Self.prime
        lane2 = (lane2 ^ UInt64(byte &+ 0x5A)) &* Self.prime
        lane2 = lane2 ^ (lane2 >> 29)
    }

    /// 32 lowercase hex digits.
    public var hexDigest: String {
        Self.hex(lane1) + Self.hex(lane2)
    }

    /// 16 hex digits of a single string's fingerprint, for generated ids.
    public static func shortDigest(_ text: String) -> String {
        var hasher = ContentHasher()
        hasher.combine(text)
        return hex(hasher.lane1)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension Article {
    /// RFC 3986's unreserved characters: all an id keeps unencoded in a URL path segment.
    private static let pathSegmentCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The id as one URL path segment. Ids of articles imported from folders hold "/"
    /// (`billing/refund-policy`), which a route's `:id` would otherwise read as two segments.
    public static func pathSegment(for id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: pathSegmentCharacters) ?? id
    }

    /// The id a route's `:id` names: the router hands the segment over still percent-encoded.
    public static func id(fromPathSegment segment: String) -> String {
        segment.removingPercentEncoding ?? segment
    }
}
