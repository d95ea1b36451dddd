// Opening a mailbox, adding a message to one, and setting flags.

extension IMAPClient {
    /// Opens `mailbox` read-write (`SELECT`): its UIDVALIDITY, UIDNEXT and message count.
    public func select(_ mailbox: String) async throws -> IMAPMailboxStatus {
        try await open(mailbox, command: "SELECT")
    }

    /// Opens `mailbox` read-only (`EXAMINE`): fetching cannot change flags.
    public func examine(_ mailbox: String) async throws -> IMAPMailboxStatus {
        try await open(mailbox, command: "EXAMINE")
    }

    private func open(_ mailbox: String, command name: String) async throws -> IMAPMailboxStatus {
        let command = IMAPCommand(name, [.mailbox(mailbox)])
        let (untagged, completion) = try await run(command)
        var uidValidity: UInt32?
        var uidNext: UInt32?
        var exists: UInt32 = 0
        for response in untagged {
            switch response {
            case .exists(let count): exists = count
            case .status(.ok, .uidValidity(let value)?, _): uidValidity = value
            case .status(.ok, .uidNext(let value)?, _): uidNext = value
            default: break
            }
        }
        guard let uidValidity else {
            throw IMAPError(.protocolViolation, command: command.summary, text: "the server sent no UIDVALIDITY")
        }
        return IMAPMailboxStatus(
            name: mailbox, uidValidity: uidValidity, uidNext: uidNext, exists: exists,
            isReadOnly: completion.code == .readOnly)
    }

    /// Adds `message` (raw RFC 5322 bytes, CRLF line ends) to `folder` with `flags`; returns the new UID when
    /// the server reports it (UIDPLUS, RFC 4315), else nil.
    @discardableResult
    public func append(folder: String, message: [UInt8], flags: [String] = []) async throws -> UInt32? {
        var arguments: [IMAPArgument] = [.mailbox(folder)]
        if !flags.isEmpty { arguments.append(.raw("(\(try Self.flagList(flags, command: "APPEND")))")) }
        arguments.append(.literal(message))
        let command = IMAPCommand("APPEND", arguments, summary: "APPEND \(folder) (\(message.count) bytes)")
        let completion = try await run(command).completion
        if case .appendUID(_, let uid)? = completion.code { return uid }
        return nil
    }

    /// Adds `flags` (such as `\Seen`) to the messages with `uids` in the selected mailbox (`UID STORE +FLAGS`).
    public func addFlags(_ flags: [String], uids: [UInt32]) async throws {
        guard !uids.isEmpty, !flags.isEmpty else { return }
        let set = IMAPSequenceSet.compress(uids)
        let list = try Self.flagList(flags, command: "UID STORE")
        try await run(IMAPCommand("UID STORE", [.raw(set), .raw("+FLAGS.SILENT (\(list))")]))
    }

    /// Flags joined for a command; each must be an atom (`\Seen`, `$Label`), so no flag can smuggle in syntax.
    static func flagList(_ flags: [String], command: String) throws -> String {
        for flag in flags {
            let bytes = Array(flag.utf8)
            let special: Set<UInt8> = Set("(){ %*\"]\\".utf8)
            let body = bytes.first == UInt8(ascii: "\\") ? bytes.dropFirst() : bytes[...]
            guard !body.isEmpty, body.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !special.contains($0) }) else {
                throw IMAPError(.bad, command: command, text: "not a valid flag: \(flag)")
            }
        }
        return flags.joined(separator: " ")
    }
}

/// Writes UID lists the short way: `[1, 2, 3, 7]` is `1:3,7`.
public enum IMAPSequenceSet {
    /// The sequence set for `uids` (any order, duplicates allowed).
    public static func compress(_ uids: [UInt32]) -> String {
        var ranges: [String] = []
        var sorted = Array(Set(uids)).sorted()[...]
        while let first = sorted.popFirst() {
            var last = first
            while let next = sorted.first, next - last == 1 {
                last = next
                sorted.removeFirst()
            }
            ranges.append(first == last ? "\(first)" : "\(first):\(last)")
        }
        return ranges.joined(separator: ",")
    }
}
