// The responses an IMAP4rev1 server sends (RFC 3501 section 7), as typed values the client acts on.

/// One complete server response: a line plus any literals inside it.
public enum IMAPResponse: Sendable, Hashable {
    /// A command completion: `tag OK|NO|BAD [code] text`.
    case tagged(IMAPTaggedResponse)
    /// Server data or status not tied to one command: `* ...`.
    case untagged(IMAPUntaggedResponse)
    /// A continuation request: `+ text` (the server waits for a literal, IDLE's `DONE`, or a SASL response).
    case continuation(String)
}

/// The status word of a tagged or untagged status response.
public enum IMAPStatus: String, Sendable, Hashable {
    /// Success.
    case ok = "OK"
    /// Operational error: the command failed (wrong password, no such mailbox).
    case no = "NO"
    /// Protocol error: the server did not understand the command.
    case bad = "BAD"
    /// Greeting only: the connection is already authenticated.
    case preauth = "PREAUTH"
    /// The server is about to close the connection.
    case bye = "BYE"
}

/// A command's completion response.
public struct IMAPTaggedResponse: Sendable, Hashable {
    /// The tag of the command this completes.
    public var tag: String
    /// OK, NO or BAD.
    public var status: IMAPStatus
    /// The bracketed response code, if any.
    public var code: IMAPResponseCode?
    /// The human-readable text.
    public var text: String

    /// Makes a tagged response.
    public init(tag: String, status: IMAPStatus, code: IMAPResponseCode? = nil, text: String) {
        self.tag = tag
        self.status = status
        self.code = code
        self.text = text
    }
}

/// A bracketed response code (RFC 3501 section 7.1, plus UIDPLUS's APPENDUID).
public enum IMAPResponseCode: Sendable, Hashable {
    /// `[ALERT]`: the text must be shown to the user.
    case alert
    /// `[AUTHENTICATIONFAILED]` (RFC 5530): wrong user name or password.
    case authenticationFailed
    /// `[CAPABILITY ...]`: the capabilities, sent with the greeting or a login.
    case capability([String])
    /// `[PERMANENTFLAGS (...)]`: the flags the client may change for good.
    case permanentFlags([String])
    /// `[READ-ONLY]`: the selected mailbox cannot be changed.
    case readOnly
    /// `[READ-WRITE]`: the selected mailbox can be changed.
    case readWrite
    /// `[TRYCREATE]`: the target mailbox does not exist.
    case tryCreate
    /// `[UIDNEXT n]`: the UID the next message will get (at least).
    case uidNext(UInt32)
    /// `[UIDVALIDITY n]`: UIDs are only comparable while this stays the same.
    case uidValidity(UInt32)
    /// `[UNSEEN n]`: the sequence number of the first unseen message.
    case unseen(UInt32)
    /// `[APPENDUID validity uid]` (RFC 4315): the UID an APPEND gave the message.
    case appendUID(uidValidity: UInt32, uid: UInt32)
    /// Any other code, by its upper-cased name, with its arguments.
    case other(String, [IMAPValue])
}

extension IMAPResponseCode {
    /// The code's name as the server spells it, such as `AUTHENTICATIONFAILED`.
    public var name: String {
        switch self {
        case .alert: return "ALERT"
        case .authenticationFailed: return "AUTHENTICATIONFAILED"
        case .capability: return "CAPABILITY"
        case .permanentFlags: return "PERMANENTFLAGS"
        case .readOnly: return "READ-ONLY"
        case .readWrite: return "READ-WRITE"
        case .tryCreate: return "TRYCREATE"
        case .uidNext: return "UIDNEXT"
        case .uidValidity: return "UIDVALIDITY"
        case .unseen: return "UNSEEN"
        case .appendUID: return "APPENDUID"
        case .other(let name, _): return name
        }
    }
}

/// Untagged server data and status (`* ...`).
public enum IMAPUntaggedResponse: Sendable, Hashable {
    /// `* OK|NO|BAD|PREAUTH|BYE [code] text` (also the greeting).
    case status(IMAPStatus, code: IMAPResponseCode?, text: String)
    /// `* CAPABILITY ...`.
    case capability([String])
    /// `* FLAGS (...)`: the flags the selected mailbox knows.
    case flags([String])
    /// `* n EXISTS`: the mailbox now holds n messages.
    case exists(UInt32)
    /// `* n RECENT`.
    case recent(UInt32)
    /// `* n EXPUNGE`: message n was removed (later sequence numbers shift down).
    case expunge(UInt32)
    /// `* n FETCH (...)`.
    case fetch(IMAPFetchResponse)
    /// `* SEARCH n n ...`: UIDs (after UID SEARCH) or sequence numbers.
    case search([UInt32])
    /// Anything else (LIST, STATUS, ENABLED, ID, ...), by its upper-cased name, with its values.
    case other(String, [IMAPValue])
}

/// The data items of one `* n FETCH (...)` response, in any order, with unknown items kept.
public struct IMAPFetchResponse: Sendable, Hashable {
    /// The message sequence number.
    public var sequenceNumber: UInt32
    /// The items by upper-cased name (`UID`, `RFC822.SIZE`, `FLAGS`, `BODY[]`, `BODY[HEADER]`, ...).
    public var items: [String: IMAPValue]

    /// Makes a FETCH response.
    public init(sequenceNumber: UInt32, items: [String: IMAPValue]) {
        self.sequenceNumber = sequenceNumber
        self.items = items
    }

    /// The message's UID, when the server sent it (it always does after UID FETCH).
    public var uid: UInt32? { items["UID"]?.number }
    /// The message's size in bytes (`RFC822.SIZE`).
    public var size: UInt32? { items["RFC822.SIZE"]?.number }
    /// The message's flags, such as `\Seen`.
    public var flags: [String]? { items["FLAGS"]?.list?.compactMap(\.atom) }
    /// The whole raw message (`BODY[]` or `RFC822`); nil when not fetched or `NIL`.
    public var body: [UInt8]? { (items["BODY[]"] ?? items["RFC822"])?.bytes }
    /// The raw header (`BODY[HEADER]` or `RFC822.HEADER`); nil when not fetched or `NIL`.
    public var header: [UInt8]? { (items["BODY[HEADER]"] ?? items["RFC822.HEADER"])?.bytes }
}
