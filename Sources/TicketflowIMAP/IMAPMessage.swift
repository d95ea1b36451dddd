// What the mailbox and fetch commands return.

/// A selected (or examined) mailbox: what a poller needs to know where it stands.
public struct IMAPMailboxStatus: Sendable, Hashable {
    /// The mailbox name as given.
    public var name: String
    /// UIDs are only comparable while this stays the same; when it changes, start over.
    public var uidValidity: UInt32
    /// The UID the next message will get at least; nil if the server did not say.
    public var uidNext: UInt32?
    /// How many messages the mailbox holds.
    public var exists: UInt32
    /// Whether the mailbox was opened read-only (EXAMINE, or the server's choice).
    public var isReadOnly: Bool

    /// Makes a status.
    public init(name: String, uidValidity: UInt32, uidNext: UInt32?, exists: UInt32, isReadOnly: Bool) {
        self.name = name
        self.uidValidity = uidValidity
        self.uidNext = uidNext
        self.exists = exists
        self.isReadOnly = isReadOnly
    }
}

/// A message's UID, size and flags, without its content.
public struct IMAPMessageInfo: Sendable, Hashable {
    /// The message's UID.
    public var uid: UInt32
    /// Its size in bytes (`RFC822.SIZE`).
    public var size: Int
    /// Its flags, such as `\Seen`.
    public var flags: [String]

    /// Makes an info.
    public init(uid: UInt32, size: Int, flags: [String]) {
        self.uid = uid
        self.size = size
        self.flags = flags
    }
}

/// A fetched message: its info and its raw bytes, exactly as the server holds them.
public struct IMAPMessage: Sendable, Hashable {
    /// The message's UID.
    public var uid: UInt32
    /// Its size in bytes (`RFC822.SIZE`).
    public var size: Int
    /// Its flags, such as `\Seen`.
    public var flags: [String]
    /// The whole message (RFC 5322 bytes), byte for byte.
    public var raw: [UInt8]

    /// Makes a message.
    public init(uid: UInt32, size: Int, flags: [String], raw: [UInt8]) {
        self.uid = uid
        self.size = size
        self.flags = flags
        self.raw = raw
    }
}

/// A message over the size cap: not fetched whole, reported so the caller can record it.
public struct IMAPOversizedMessage: Sendable, Hashable {
    /// The message's UID, size and flags.
    public var info: IMAPMessageInfo
    /// Its header, when the policy was `.headerOnly`; nil when skipped.
    public var header: [UInt8]?

    /// Makes an oversized-message report.
    public init(info: IMAPMessageInfo, header: [UInt8]?) {
        self.info = info
        self.header = header
    }
}

/// What to do with a message over the size cap.
public enum IMAPOversizedPolicy: Sendable, Hashable {
    /// Report its UID, size and flags only.
    case skip
    /// Also fetch its header (`BODY.PEEK[HEADER]`), so sender and subject are known.
    case headerOnly
}

/// New mail fetched by UID, in ascending UID order.
public struct IMAPFetchResult: Sendable, Hashable {
    /// Messages fetched whole.
    public var messages: [IMAPMessage]
    /// Messages over the size cap.
    public var oversized: [IMAPOversizedMessage]

    /// Makes a result.
    public init(messages: [IMAPMessage], oversized: [IMAPOversizedMessage]) {
        self.messages = messages
        self.oversized = oversized
    }

    /// The highest UID this result covers (fetched or oversized): where the next fetch starts after.
    public var highestUID: UInt32? {
        (messages.map(\.uid) + oversized.map(\.info.uid)).max()
    }
}
