import Foundation
import Testing
import TicketflowMIME

/// Encoded words, transfer encodings, charsets, parameters, addresses, ids and dates.
@Suite struct MIMEEncodingTests {
    @Test(arguments: [
        ("=?UTF-8?B?R3LDvMOfZQ==?=", "Grüße"),
        ("=?iso-8859-1?q?caf=E9_cr=E8me?=", "café crème"),
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),  // whitespace between adjacent words is dropped
        ("=?UTF-8?Q?a?=\t \t=?ISO-8859-1?Q?=E9?=", "aé"),
        ("=?UTF-8?Q?a?= b =?UTF-8?Q?c?=", "a b c"),  // ...but not text between them
        ("Re: =?utf-8?B?8J+Ygg==?= thanks", "Re: 😂 thanks"),
        ("=?UTF-8?B?4oKs?==?UTF-8?B?MTA=?=", "€10"),  // no space at all (broken but common)
        ("=?UTF-8?B?8J+Y?= =?UTF-8?B?gg==?=", "😂"),  // one character split across two words
        ("=?UTF-8*en?Q?Hello_there?=", "Hello there"),  // RFC 2231 language suffix
        ("=?windows-1252?Q?=93quoted=94?=", "“quoted”"),
        ("=?UTF-8?X?bad?= =?broken", "=?UTF-8?X?bad?= =?broken"),  // malformed words stay as written
        ("plain subject", "plain subject"),
    ])
    func encodedWords(input: String, expected: String) {
        #expect(MIMEEncodedWords.decode(input) == expected)
    }

    @Test func encodedWordsRoundTrip() {
        let subject =
            "Ihre Rückerstattung für Bestellung #1042 – Status: erledigt ✓ (bitte prüfen) "
            + String(repeating: "é", count: 40)
        let words = MIMEEncodedWords.encode(subject)
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.count <= 68 && $0.hasPrefix("=?UTF-8?B?") })
        #expect(MIMEEncodedWords.decode(words.joined(separator: "\r\n ")) == subject)
        #expect(MIMEEncodedWords.encode("Plain ASCII") == ["Plain ASCII"])
    }

    @Test func quotedPrintable() {
        let input = Array("Caf=C3=A9 =\r\nau lait=3D=\nyes   \r\nbad =ZZ end=".utf8)
        let decoded = MIMETransferEncoding.decodeQuotedPrintable(input[...])
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "Café au lait=yes\r\nbad =ZZ end")
        #expect(decoded.problem == "1 stray '=' in quoted-printable kept as is")
    }

    @Test func quotedPrintableEncodingKeepsLinesShort() {
        let text = String(repeating: "Größe ", count: 40) + "\n.dot\nFrom here\ntrailing space \nend="
        let encoded = MIMETransferEncoding.encodeQuotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.contains("=2Edot") && lines.contains("=46rom here") && lines.contains("trailing space=20"))
        #expect(lines.last == "end=3D")
        let decoded = MIMETransferEncoding.decodeQuotedPrintable(Array(encoded.utf8)[...])
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(decoded.problem == nil)
    }

    @Test func base64IsTolerant() {
        let clean = MIMETransferEncoding.decodeBase64(Array("SGVs\r\nbG8=".utf8)[...])
        #expect(clean == .init(bytes: Array("Hello".utf8), problem: nil))
        let messy = MIMETransferEncoding.decodeBase64(Array("SGVs*bG8\n".utf8)[...])
        #expect(messy == .init(bytes: Array("Hello".utf8), problem: "skipped 1 non-base64 byte(s)"))
        let concatenated = MIMETransferEncoding.decodeBase64(Array("SGk=IQ==".utf8)[...])
        #expect(concatenated.bytes == Array("Hi!".utf8))
        #expect(MIMETransferEncoding.decodeBase64(Array("SGVsbG8gd".utf8)[...]).problem?.contains("truncated") == true)
        #expect(MIMETransferEncoding.base64DecodedSize(Array("SGVs\nbG8=\n".utf8)[...]) == 5)
    }

    @Test func charsets() {
        let high = (0x80...0x9F).map { UInt8($0) }
        let cp1252 = MIMECharset.decode(high, label: "windows-1252")
        #expect(cp1252.text.unicodeScalars.map(\.value).prefix(4) == [0x20AC, 0x81, 0x201A, 0x192])
        #expect(cp1252.note == nil)
        #expect(MIMECharset.decode([0x43, 0x61, 0x66, 0xE9], label: "ISO-8859-1").text == "Café")
        #expect(MIMECharset.decode([0x93, 0x68, 0x69, 0x94], label: "iso-8859-1").text == "“hi”")  // as browsers do
        #expect(MIMECharset.decode([0xA4, 0xBD, 0xE9], label: "ISO-8859-15").text == "€œé")
        #expect(MIMECharset.decode(Array("Grüße".utf8), label: "\"utf-8\"") == ("Grüße", nil))
        #expect(MIMECharset.decode([0xC5, 0xBD], label: "iso-8859-2").text == "Ĺ˝")  // through Foundation
        let mislabeled = MIMECharset.decode(Array("naïve".utf8), label: "us-ascii")
        #expect(mislabeled == ("naïve", "8-bit bytes in a us-ascii part, decoded as UTF-8"))
        let broken = MIMECharset.decode([0x61, 0xFF, 0x62], label: "utf-8")
        #expect(broken == ("a\u{FFFD}b", "invalid UTF-8 bytes replaced with U+FFFD"))
        #expect(MIMECharset.isKnown("CP1252") && !MIMECharset.isKnown("x-mystery"))
    }

    @Test func contentTypeParameters() throws {
        let type = try #require(
            MIMEContentType.parse("Text/Plain; charset=\"UTF-8\"; format=flowed;\tdelsp=yes; name=\"a \\\"b\\\".txt\""))
        #expect(type.mimeType == "text/plain")
        #expect(type.parameters == ["charset": "UTF-8", "format": "flowed", "delsp": "yes", "name": "a \"b\".txt"])
        let sloppy = try #require(MIMEContentType.parse("text/html charset=iso-8859-1"))
        #expect(sloppy.mimeType == "text/html" && sloppy.charset == "iso-8859-1")
        #expect(MIMEContentType.parse("garbage") == nil)
        let disposition = MIMEContentDisposition.parse(
            "attachment; filename*0*=iso-8859-1'de'Gr%FC%DFe; filename*1=\" und Dank.pdf\"; size=10")
        #expect(disposition.isAttachment)
        #expect(disposition.filename == "Grüße und Dank.pdf")
        let encodedWordName = MIMEContentDisposition.parse("inline; filename=\"=?UTF-8?B?0J/RgNC40LLQtdGCLnBuZw==?=\"")
        #expect(encodedWordName.filename == "Привет.png" && !encodedWordName.isAttachment)
    }

    @Test func addressLists() {
        let list = MIMEAddress.parseList(
            "\"Doe, John\" <john@example.com>, =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>, plain@example.org, "
                + "old@example.net (Old Style), team: a@x.example, b@y.example;, undisclosed-recipients:;, "
                + "<bare@z.example>"
        )
        #expect(
            list == [
                MIMEAddress(name: "Doe, John", address: "john@example.com"),
                MIMEAddress(name: "Jörg", address: "joerg@example.de"),
                MIMEAddress(address: "plain@example.org"),
                MIMEAddress(name: "Old Style", address: "old@example.net"),
                MIMEAddress(address: "a@x.example"),
                MIMEAddress(address: "b@y.example"),
                MIMEAddress(address: "bare@z.example"),
            ])
        #expect(list[1].domain == "example.de" && list[1].localPart == "joerg")
        #expect(
            MIMEAddress.parseList("\"Ann (Support)\" <mailto:ann@example.com>") == [
                MIMEAddress(name: "Ann (Support)", address: "ann@example.com")
            ])
    }

    @Test func messageIDLists() {
        #expect(MIMEMessageID.parseList("<a@x> <b@y>\r\n <c@z> <a@x>") == ["a@x", "b@y", "c@z"])
        #expect(MIMEMessageID.parseList("<CAF=abc+1@mail.gmail.com>") == ["CAF=abc+1@mail.gmail.com"])
        #expect(
            MIMEMessageID.parseList("bare@id.example, other@id.example") == ["bare@id.example", "other@id.example"])
        #expect(MIMEMessageID.parseList("no ids here") == [])
    }

    @Test(arguments: [
        ("Thu, 3 Dec 2026 10:02:03 +0100", 1_796_288_523.0),
        ("3 Dec 2026 09:02:03 GMT", 1_796_288_523),
        ("Thu, 03 Dec 26 04:02:03 EST", 1_796_288_523),
        ("Thu,  3 Dec 2026 09:02:03 +0000 (UTC)", 1_796_288_523),
        ("Thursday, December 3, 2026 09:02:03 -0000", 1_796_288_523),
        ("Thu, 3 Dec 2026 09:02 +0000", 1_796_288_520),
        ("Thu, 3 Dec 2026 10:32:03 +01:30", 1_796_288_523),
    ])
    func dates(header: String, seconds: Double) {
        #expect(MIMEDate.parse(header) == Date(timeIntervalSince1970: seconds))
    }

    @Test func dateFormatting() {
        #expect(MIMEDate.format(Date(timeIntervalSince1970: 1_796_288_523)) == "Thu, 03 Dec 2026 09:02:03 +0000")
        #expect(MIMEDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMEDate.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(MIMEDate.parse("yesterday") == nil && MIMEDate.parse("Thu, 41 Dec 2026 10:00 +0000") == nil)
        #expect(MIMEDate.parse("1 Jan 9223372036854775807 00:00 +0000") == nil)
        #expect(MIMEDate.parse("1 Jan 2026 -1:00 +0000") == nil)
    }
}
