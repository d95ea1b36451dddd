import Foundation

/// A person or organisation that raises tickets.
public struct Customer: Codable, Sendable, Equatable {
    public var id: Int64
    public var externalID: String?
    public var name: String?
    public var email: String?
    public var plan: String?
    public var lifetimeValue: Double?
    public var locale: String?

    public init(
        id: Int64, externalID: String? = nil, name: String? = nil, email: String? = nil,
        plan: String? = nil, lifetimeValue: Double? = nil, locale: String? = nil
    ) {
        self.id = id
        self.externalID = externalID
        self.name = name
        self.email = email
        self.plan = plan
        self.lifetimeValue = lifetimeValue
        self.locale = locale
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, plan, locale
        case externalID = "external_id"
        case lifetimeValue = "lifetime_value"
    }
}

/// Customer details that arrive with a ticket; matched to a stored customer
/// by external id, then by email.
public struct CustomerInput: Codable, Sendable, Equatable {
    public var externalID: String?
    public var name: String?
    public var email: String?
    public var plan: String?
    public var lifetimeValue: Double?
    public var locale: String?

    public init(
        externalID: String? = nil, name: String? = nil, email: String? = nil,
        plan: String? = nil, lifetimeValue: Double? = nil, locale: String? = nil
    ) {
        self.externalID = externalID
        self.name = name
        self.email = email
        self.plan = plan
        self.lifetimeValue = lifetimeValue
        self.locale = locale
    }

    /// The same details with the email trimmed and lower-cased, as the mail channel reads senders:
    /// customers are matched by email, so "Ann@Example.com " from the widget is ann@example.com's mail.
    public var normalized: CustomerInput {
        var copy = self
        copy.email = email.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        return copy
    }

    /// True when nothing identifies the customer, so no record is stored.
    public var isAnonymous: Bool { externalID == nil && email == nil }

    enum CodingKeys: String, CodingKey {
        case name, email, plan, locale
        case externalID = "external_id"
        case lifetimeValue = "lifetime_value"
    }
}
