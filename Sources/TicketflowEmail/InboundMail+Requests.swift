import TicketflowCore

extension InboundMail {
    /// The request that opens a ticket for this mail. The external id is the Message-ID, so a mail fetched
    /// again returns its ticket rather than opening a second one.
    public var intakeRequest: IntakeRequest {
        let customer = sender.map { CustomerInput(name: senderName, email: $0.value) }
        return IntakeRequest(
            subject: subject.map { String($0.prefix(IntakeRequest.maximumSubjectLength)) }, body: body,
            channel: .email, externalID: Self.externalID(forMessageID: messageID), customer: customer)
    }

    /// The customer message that continues a ticket this mail replies to.
    public var messageRequest: MessageRequest {
        MessageRequest(body: body, author: .customer)
    }

    /// A system message listing what was malformed or made up while reading the mail, for the ticket's
    /// conversation; nil for a clean mail.
    public var notesMessage: MessageRequest? {
        guard !notes.isEmpty else { return nil }
        return MessageRequest(
            body: "The mail could not be read cleanly:\n" + notes.map { "- " + $0 }.joined(separator: "\n"),
            author: .system)
    }

    /// The ticket external id for a Message-ID: the id itself, or a hash of it when longer than intake
    /// accepts (200 characters). Store message ids the same way to look them up.
    public static func externalID(forMessageID id: String) -> String {
        guard id.count > 200 else { return id }
        let digits = String(FNV1a.hash64(Array(id.utf8)), radix: 16)
        return "mid-" + String(repeating: "0", count: 16 - digits.count) + digits + "-" + String(id.prefix(100))
    }
}
