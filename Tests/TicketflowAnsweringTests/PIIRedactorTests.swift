import Testing

@testable import TicketflowAnswering

@Suite("PII redaction")
struct PIIRedactorTests {
    let redactor = PIIRedactor()

    @Test("emails become [EMAIL_n]")
    func email() {
        let result = redactor.redact("Write to jane.doe+shop@example.co.uk please")
        #expect(result.text == "Write to [EMAIL_1] please")
        #expect(result.placeholders["[EMAIL_1]"] == "jane.doe+shop@example.co.uk")
    }

    @Test(
        "phone numbers in common formats",
        arguments: [
            "+44 20 7946 0958", "(555) 123-4567", "555-123-4567", "+14155552671", "020 7946 0958", "0049 30 1234567",
        ])
    func phone(_ number: String) {
        let result = redactor.redact("Call me on \(number) tomorrow")
        #expect(result.text == "Call me on [PHONE_1] tomorrow")
    }

    @Test("short local numbers count as phones only when the text says phone")
    func shortLocalNumber() {
        #expect(redactor.redact("call me at 555 1234 after six").text == "call me at [PHONE_1] after six")
        #expect(redactor.redact("my mobile: 555-1234").text == "my mobile: [PHONE_1]")
        #expect(redactor.redact("tickets 555 1234 and 5678").text == "tickets 555 1234 and 5678")
    }

    @Test(
        "order numbers, dates and prices are not phone numbers",
        arguments: [
            "order 3707955617", "on 2024-05-17", "it cost 1299.00", "version 10.4.2", "ref 00004587345",
        ])
    func notPhone(_ text: String) {
        #expect(redactor.redact(text).text == text)
    }

    @Test(
        "Luhn-valid card numbers are redacted in any grouping",
        arguments: [
            "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "378282246310005", "5555555555554444",
        ])
    func card(_ number: String) {
        let result = redactor.redact("card \(number) was charged")
        #expect(result.text == "card [CARD_1] was charged")
        #expect(result.findings.first?.kind == .card)
    }

    @Test("Luhn-invalid digit runs are left alone", arguments: ["4111 1111 1111 1112", "1234567812345678"])
    func invalidCard(_ number: String) {
        #expect(!redactor.redact("card \(number) was charged").text.contains("[CARD_"))
    }

    @Test("mod-97-valid IBANs are redacted, invalid ones are not")
    func iban() {
        let valid = redactor.redact("IBAN GB82 WEST 1234 5698 7654 32 and DE89370400440532013000.")
        #expect(valid.text == "IBAN [IBAN_1] and [IBAN_2].")
        let invalid = redactor.redact("IBAN GB82 WEST 1234 5698 7654 33")
        #expect(!invalid.text.contains("[IBAN_"))
    }

    @Test("US SSN and UK NI numbers become [NATIONAL_ID_n]")
    func nationalID() {
        let result = redactor.redact("SSN 123-45-6789, NI number AB 12 34 56 C")
        #expect(result.text == "SSN [NATIONAL_ID_1], NI number [NATIONAL_ID_2]")
        // Without a label an implausible SSN shape is some other number; after "SSN" it is redacted anyway.
        #expect(redactor.redact("ref 000-12-3456").text == "ref 000-12-3456")
        #expect(redactor.redact("SSN 000-12-3456").text == "SSN [NATIONAL_ID_1]")
    }

    @Test(
        "street addresses become [ADDRESS_n]",
        arguments: [
            "221B Baker Street", "1600 Pennsylvania Ave NW, Washington, DC 20500", "42 Elm Rd, Apt 4B", "Hauptstraße 5",
        ])
    func address(_ address: String) {
        let result = redactor.redact("Ship to \(address) please")
        #expect(result.text == "Ship to [ADDRESS_1] please")
    }

    @Test("the same value keeps its placeholder; different values count up")
    func stablePlaceholders() {
        let result = redactor.redact("a@x.io, b@y.io, then A@X.io again; card 4111 1111 1111 1111 = 4111111111111111")
        #expect(result.text == "[EMAIL_1], [EMAIL_2], then [EMAIL_1] again; card [CARD_1] = [CARD_1]")
        #expect(result.countsByKind[.email] == 2)
        #expect(result.countsByKind[.card] == 1)
        #expect(result.restoring(in: "reply to [EMAIL_2]") == "reply to b@y.io")
    }

    @Test("text without PII is unchanged and redaction is deterministic")
    func clean() {
        let text = "My order arrived broken, can I get a replacement?"
        #expect(redactor.redact(text).text == text)
        #expect(redactor.redact(text).findings.isEmpty)
        let mixed = "mail x@y.com or call +1 415 555 2671"
        #expect(redactor.redact(mixed) == redactor.redact(mixed))
    }

    @Test("only the configured kinds are redacted")
    func selectedKinds() {
        let onlyEmail = PIIRedactor(kinds: [.email])
        #expect(onlyEmail.redact("x@y.com +44 20 7946 0958").text == "[EMAIL_1] +44 20 7946 0958")
    }

    @Test("log redaction covers messages and metadata values")
    func logRedaction() {
        #expect(LogRedaction.redact("user x@y.com failed") == "user [EMAIL_1] failed")
        #expect(LogRedaction.redact(["to": "x@y.com", "n": "3"]) == ["to": "[EMAIL_1]", "n": "3"])
    }

    @Test(
        "cards with dots, slashes, underscores or mixed separators",
        arguments: [
            "4111.1111.1111.1111", "4111/1111/1111/1111", "4111_1111_1111_1111", "4111 - 1111 - 1111 - 1111",
            "4111.1111-1111 1111", "4111 1111 1111 1111 003", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1",
        ])
    func cardSeparators(_ number: String) {
        #expect(redactor.redact("card \(number) was charged").text == "card [CARD_1] was charged")
    }

    @Test("a card inside a longer digit run is found, and two cards in one run are two")
    func cardsInRuns() {
        #expect(redactor.redact("ref 12 4111 1111 1111 1111").text == "ref 12 [CARD_1]")
        #expect(redactor.redact("4111111111111111 5555555555554444").text == "[CARD_1] [CARD_2]")
        // 16 digits from two dates pass Luhn, but a date is never part of a card number.
        #expect(PIIChecksums.passesLuhn("2024-01-02 - 2024-02-19"))
        #expect(redactor.redact("period 2024-01-02 - 2024-02-19").text == "period 2024-01-02 - 2024-02-19")
    }

    @Test("a pasted wall of numbers is redacted in linear time")
    func longDigitRun() {
        // 20,000 one-digit groups: a quadratic search would take minutes here.
        let wall = (0..<20_000).map { String(($0 * 7) % 10) }.joined(separator: " ")
        let started = ContinuousClock.now
        let result = redactor.redact("numbers: \(wall) and card 4111.1111.1111.1111")
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(result.findings.last?.value == "4111.1111.1111.1111")
        #expect(!result.text.contains("4111.1111.1111.1111"))
    }

    @Test(
        "national ids after a label, without hyphens",
        arguments: [
            ("SSN: 219099999", "SSN: [NATIONAL_ID_1]"),
            ("social security number 219 09 9999", "social security number [NATIONAL_ID_1]"),
            ("my SSN is 219.09.9999.", "my SSN is [NATIONAL_ID_1]."),
            ("passport no. X1234567", "passport no. [NATIONAL_ID_1]"),
            ("National Insurance number: QQ123456C", "National Insurance number: [NATIONAL_ID_1]"),
        ])
    func labeledNationalID(_ text: String, _ expected: String) {
        #expect(redactor.redact(text).text == expected)
    }

    @Test("a bare 9-digit number without a label is not a national id")
    func unlabeledNineDigits() {
        #expect(redactor.redact("order 219099999 shipped").text == "order 219099999 shipped")
    }

    @Test("the known customer's name and email, anywhere and in any case")
    func knownIdentity() {
        let known = redactor.with(known: KnownIdentity(name: "Jane Okafor", email: "jane@corp.test"))
        let result = known.redact("Hi Jane, JANE OKAFOR here; okafor@x.io is not jane@corp.test. Janet stays.")
        #expect(result.text == "Hi [NAME_1], [NAME_2] here; [EMAIL_1] is not [EMAIL_2]. Janet stays.")
        #expect(result.restoring(in: "Dear [NAME_1]") == "Dear Jane")
        // Unknown people are untouched: there is no general pattern for names.
        #expect(redactor.redact("Hi Jane").text == "Hi Jane")
    }

    @Test("name words that are everyday words count only when capitalised")
    func commonWordNames() {
        let known = redactor.with(known: KnownIdentity(name: "Will Price", email: nil))
        #expect(known.redact("Will Price asks: will the price change?").text == "[NAME_1] asks: will the price change?")
        #expect(known.redact("Thanks, Will").text == "Thanks, [NAME_1]")
    }

    @Test("titles and one-letter initials are not redacted on their own")
    func titlesAndInitials() {
        let known = redactor.with(known: KnownIdentity(name: "Dr. J Okafor", email: nil))
        #expect(known.redact("Dr. Smith and J. Okafor").text == "Dr. Smith and J. [NAME_1]")
    }

    @Test("dotted US phone numbers and bare numbers after a phone word")
    func morePhones() {
        #expect(redactor.redact("Phone 555.123.4567 any time").text == "Phone [PHONE_1] any time")
        #expect(redactor.redact("call me on 4155552671").text == "call me on [PHONE_1]")
        #expect(redactor.redact("order 4155552671").text == "order 4155552671")
    }

    @Test("checksum helpers")
    func checksums() {
        #expect(PIIChecksums.passesLuhn("79927398713"))
        #expect(!PIIChecksums.passesLuhn("79927398710"))
        #expect(PIIChecksums.isValidIBAN("FR1420041010050500013M02606"))
        #expect(!PIIChecksums.isValidIBAN("FR1420041010050500013M02607"))
        #expect(!PIIChecksums.isPlausibleSSN("666-12-3456"))
    }
}

@Suite struct PIIRemovalTests {
    @Test func removingCutsValuesWithoutLeavingPlaceholders() {
        let text = PIIRedactor().removing(from: "Refund card 4111 1111 1111 1111, mail ann@example.com")
        #expect(!text.contains("4111") && !text.contains("ann@") && !text.contains("["))
        #expect(text.contains("Refund card") && text.contains("mail"))
        #expect(PIIRedactor().removing(from: "no personal data here") == "no personal data here")
    }
}
