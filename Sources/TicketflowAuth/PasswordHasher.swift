import HummingbirdBcrypt

/// bcrypt password hashing. The cost is explicit so production runs at 12
/// (≥ 10 is enforced by the configuration) while tests may run at 4.
public struct PasswordHasher: Sendable {
    /// log2 of the bcrypt rounds.
    public var cost: Int

    /// A hasher at `cost` (4 to 31).
    public init(cost: Int = 12) {
        self.cost = min(31, max(4, cost))
    }

    /// The bcrypt hash of `password` with a fresh salt.
    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: UInt8(cost))
    }

    /// True when `password` matches `hash`.
    public func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
