import TicketflowTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import TicketflowIMAP

/// IMAPClient against the real Dovecot on loopback (scripts/mail-servers.sh).
@Suite struct IMAPClientTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.running()
    }

    @Test func startTLSLoginSelectAppendAndFetchByUID() async throws {
        let client = try await servers.imapClient()
        #expect(await client.capabilities.contains("IMAP4REV1"))
        let folder = try await client.createTestFolder()
        let empty = try await client.select(folder)
        #expect(empty.exists == 0)
        #expect(empty.uidValidity > 0)
        #expect(empty.isReadOnly == false)
        let firstUID = try #require(empty.uidNext)

        // 8-bit bytes of every value but NUL, CR and LF (which a message line cannot hold bare).
        let everyByte: [UInt8] = (1...255).map { UInt8($0) }.filter { $0 != 0x0A && $0 != 0x0D }
        let eightBit: [UInt8] = Array(imapTestMessage("8-bit").dropLast(2)) + everyByte + [0x0D, 0x0A]
        let messages = [imapTestMessage("one"), eightBit, imapTestMessage("three", body: "Line\r\n.\r\n..dots")]
        var uids: [UInt32] = []
        for message in messages { uids.append(try #require(try await client.append(folder: folder, message: message))) }
        #expect(uids == [firstUID, firstUID + 1, firstUID + 2])

        let status = try await client.select(folder)
        #expect(status.exists == 3)
        #expect(status.uidNext == firstUID + 3)
        #expect(status.uidValidity == empty.uidValidity)

        let all = try await client.fetchMessages(from: firstUID)
        #expect(all.messages.map(\.uid) == uids)
        #expect(all.messages.map(\.raw) == messages)
        #expect(all.messages.map(\.size) == messages.map { $0.count })
        #expect(all.oversized.isEmpty)
        #expect(all.highestUID == uids[2])
        // BODY.PEEK[] leaves messages unread.
        #expect(all.messages.allSatisfy { !$0.flags.contains("\\Seen") })

        let newer = try await client.fetchMessages(from: uids[1])
        #expect(newer.messages.map(\.uid) == [uids[1], uids[2]])
        #expect(newer.messages.map(\.raw) == [messages[1], messages[2]])
        let limited = try await client.fetchMessages(from: firstUID, limit: 2)
        #expect(limited.messages.map(\.uid) == [uids[0], uids[1]])

        // "n:*" names the last message even when its UID is below n: nothing new must mean nothing.
        let next = uids[2] + 1
        #expect(try await client.fetchMessages(from: next).messages.isEmpty)
        #expect(try await client.messageInfos(from: next).isEmpty)
        #expect(try await client.searchUIDs(from: next).isEmpty)
        #expect(try await client.searchUIDs(from: uids[1]) == [uids[1], uids[2]])
        try await client.logout()
    }

    @Test func implicitTLSWithAuthenticatePlain() async throws {
        let client = try await IMAPClient.connect(servers.imap(.tls))
        #expect(await client.capabilities.contains("AUTH=PLAIN"))
        try await client.authenticate(username: "customer@example.test", password: MailServers.password)
        // Logged-in capabilities replace the greeting's.
        #expect(await client.capabilities.contains("IDLE"))
        #expect(await !client.capabilities.contains("AUTH=PLAIN"))
        let inbox = try await client.examine("INBOX")
        #expect(inbox.isReadOnly)
        try await client.logout()
    }

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        let wrong = "not-the-secret-\(UInt32.random(in: 0..<UInt32.max))"
        let client = try await IMAPClient.connect(servers.imap(.startTLS))
        let error = await #expect(throws: IMAPError.self) {
            try await client.login(username: "support@example.test", password: wrong)
        }
        #expect(error?.code == .no)
        #expect(error?.responseCode == .authenticationFailed)
        #expect(error?.command == "LOGIN support@example.test")
        #expect(error?.isAuthenticationFailure == true)
        #expect(error.map { !"\($0)".contains(wrong) } == true)
        // The session survives a NO: the right password still works on the same connection, here sent after
        // the server's continuation request rather than inline (the path for servers without SASL-IR).
        try await client.authenticatePlain(
            username: "support@example.test", password: MailServers.password, inline: false)
        #expect(try await client.noop().count >= 0)
        try await client.logout()

        let plain = try await IMAPClient.connect(servers.imap(.tls))
        let plainError = await #expect(throws: IMAPError.self) {
            try await plain.authenticatePlain(username: "agent@example.test", password: wrong)
        }
        #expect(plainError?.responseCode == .authenticationFailed)
        #expect(plainError.map { !"\($0)".contains(wrong) } == true)
        await plain.close()
    }

    @Test func failedCommandsCarryTheServerText() async throws {
        let client = try await servers.imapClient()
        let error = await #expect(throws: IMAPError.self) {
            try await client.select("no-such-folder-\(UInt32.random(in: 0..<UInt32.max))")
        }
        #expect(error?.code == .no)
        #expect(error?.command?.hasPrefix("SELECT no-such-folder-") == true)
        #expect(error?.text.isEmpty == false)
        // A mailbox name outside ASCII goes in modified UTF-7 and comes back selectable.
        let folder = try await client.createTestFolder("Entwürfe")
        try await client.append(folder: folder, message: imapTestMessage("ü"), flags: ["\\Flagged"])
        #expect(try await client.select(folder).exists == 1)
        let infos = try await client.messageInfos(from: 1)
        #expect(infos.map { info in info.flags.filter { $0 != "\\Recent" } } == [["\\Flagged"]])
        try await client.addFlags(["\\Seen"], uids: infos.map(\.uid))
        let flags = Set(try await client.messageInfos(from: 1).flatMap(\.flags)).subtracting(["\\Recent"])
        #expect(flags == ["\\Flagged", "\\Seen"])
        try await client.logout()
        let after = await #expect(throws: IMAPError.self) { try await client.noop() }
        #expect(after?.code == .connectionClosed)
    }
}
