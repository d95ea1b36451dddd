/// A recipient address as the console shows it: enough to recognise ("a…@example.com"), not to harvest.
public struct DeliveryRecipient: Sendable, Equatable, CustomStringConvertible {
    /// The address as given.
    public var address: String

    /// Wraps an address.
    public init(_ address: String) {
        self.address = address
    }

    /// The first character of the local part, an ellipsis, and the domain (lower-cased); "…" when the text is
    /// no address.
    public var masked: String {
        let trimmed = address.filter { !$0.isWhitespace }
        guard let at = trimmed.lastIndex(of: "@"), let first = trimmed.first, first != "@" else { return "…" }
        let domain = trimmed[trimmed.index(after: at)...].lowercased()
        guard !domain.isEmpty else { return "…" }
        return "\(first)…@\(domain)"
    }

    public var description: String { masked }
}
