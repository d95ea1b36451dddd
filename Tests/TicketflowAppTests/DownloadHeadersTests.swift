import Testing

@testable import TicketflowHTTP

/// How a customer's file is named and typed when an agent downloads it: any name survives as RFC 5987 UTF-8
/// with a printable-ASCII fallback and no path, and only passive types keep their name.
@Suite struct DownloadHeadersTests {
    @Test func namesAreQuotedASCIIWithAUTF8Copy() {
        #expect(
            DownloadHeaders.disposition(filename: "Rechnung März 2026.pdf", fallback: "f")
                == "attachment; filename=\"Rechnung M_rz 2026.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz%202026.pdf")
        #expect(
            DownloadHeaders.disposition(filename: "receipt.pdf", fallback: "f")
                == "attachment; filename=\"receipt.pdf\"")
        // Quotes, backslashes, line breaks and paths cannot break out of the header or the download folder.
        #expect(
            DownloadHeaders.disposition(filename: "a\"b\\c\r\nd/../e%.txt", fallback: "f")
                == "attachment; filename=\"a_b_c__d_.._e_.txt\"; filename*=UTF-8''a%22b_c__d_.._e%25.txt")
        for empty in [nil, "", "  ", ".", ".."] {
            #expect(
                DownloadHeaders.disposition(filename: empty, fallback: "ticket-1-attachment-2")
                    == "attachment; filename=\"ticket-1-attachment-2\"")
        }
    }

    @Test func onlyPassiveTypesKeepTheirName() {
        for risky in [
            "text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/javascript",
            "text/html; charset=utf-8", "", "garbage",
        ] {
            #expect(DownloadHeaders.servedType(risky) == "application/octet-stream", "\(risky)")
        }
        #expect(DownloadHeaders.servedType("IMAGE/PNG; name=\"x.png\"") == "image/png")
        #expect(DownloadHeaders.servedType("application/pdf") == "application/pdf")
        #expect(DownloadHeaders.servedType("text/plain; charset=ISO-8859-1") == "text/plain; charset=iso-8859-1")
        #expect(DownloadHeaders.servedType("text/csv") == "text/csv; charset=utf-8")
        #expect(DownloadHeaders.servedType("text/plain; charset=\"a b\"") == "text/plain; charset=utf-8")
    }
}
