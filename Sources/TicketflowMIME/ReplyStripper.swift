import Foundation

/// Removes quoted reply history and signatures from a mail's text, leaving what the sender just wrote.
/// It cuts at the first history marker (an "On ... wrote:" attribution, also wrapped over two lines as Gmail
/// does, Apple Mail's "On 3 Dec 2026, at 10:02, X wrote:", their French and German forms, Outlook's
/// "-----Original Message-----", "From:/Sent:/To:/Subject:" header block and "____" separator), drops the
/// remaining ">" lines (keeping interleaved answers), then cuts at a "-- " signature or a mobile footer.
/// A bottom-posted reply (the marker first) keeps the text after the quote instead.
public enum ReplyStripper {
    private static let attributionStarts = ["on ", "am ", "le ", "el ", "op ", "il ", "em ", "den ", "på "]
    private static let attributionVerbs = [
        " wrote", " schrieb", " a écrit", " escribió", " schreef", " ha scritto", " escreveu", " skrev",
    ]
    private static let separators = [
        "originalmessage", "ursprünglichenachricht", "messaged'origine", "mensajeoriginal", "originalbericht",
    ]
    private static let fromNames = ["from:", "von:", "de:", "van:", "da:"]
    private static let dateNames = ["sent:", "date:", "gesendet:", "datum:", "envoyé :", "envoyé:", "enviado:"]
    private static let toNames = ["to:", "an:", "à :", "à:", "para:", "subject:", "betreff:", "objet :", "asunto:"]
    private static let footers = [
        "sent from my ", "get outlook for ", "sent from outlook", "sent from mail for windows", "sent from yahoo mail",
        "envoyé de mon ", "enviado desde mi ",
    ]

    /// `text` without quoted history and signature, trimmed; empty when nothing but those was there.
    public static func strip(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept = lines
        if let (start, length) = historyStart(lines) {
            kept = Array(lines[..<start])
            if !hasContent(kept) { kept = Array(lines[min(lines.count, start + length)...]) }
        }
        kept = kept.filter { !$0.trimmingLeadingWhitespace().hasPrefix(">") }
        if let signature = kept.firstIndex(where: isSignatureStart) { kept = Array(kept[..<signature]) }
        return tidy(kept)
    }

    /// The first line of quoted history and how many lines its marker takes.
    static func historyStart(_ lines: [String]) -> (Int, Int)? {
        let simple = lines.map(simplified)
        for index in simple.indices {
            let line = simple[index]
            if isAttribution(line) { return (index, 1) }
            if index + 1 < simple.count, attributionStarts.contains(where: line.hasPrefix), !line.hasSuffix(":"),
                isAttribution(line + " " + simple[index + 1])
            {
                return (index, 2)
            }
            if line.hasSuffix(" wrote:"), line.utf8.count < 300,
                simple[(index + 1)...].first(where: { !$0.isEmpty })?.hasPrefix(">") == true
            {
                return (index, 1)
            }
            if line.hasPrefix("-") && separators.contains(line.filter { $0 != "-" && $0 != " " }) {
                return (index, 1)
            }
            if line.utf8.count >= 10 && line.allSatisfy({ $0 == "_" })
                && isHeaderBlock(simple, from: index + 1, span: 3)
            {
                return (index, 1)
            }
            if fromNames.contains(where: line.hasPrefix) && isHeaderBlock(simple, from: index, span: 1) {
                return (index, 1)
            }
        }
        return nil
    }

    /// "On Tue, 1 Dec 2026 at 09:14, Ann <ann@example.com> wrote:" and its translations.
    private static func isAttribution(_ line: String) -> Bool {
        line.utf8.count < 400 && line.hasSuffix(":") && attributionStarts.contains(where: line.hasPrefix)
            && attributionVerbs.contains(where: line.contains)
    }

    /// Whether a From: line at or after `from` (within `span` lines) is followed by Sent/Date and To/Subject.
    /// `lines` are already simplified.
    private static func isHeaderBlock(_ lines: [String], from start: Int, span: Int) -> Bool {
        // A bounded window: scanning to the end for every "From:" line would be quadratic.
        let end = min(start + 24, lines.count)
        let window = lines[min(start, end)..<end].filter { !$0.isEmpty }
        guard
            let fromIndex = window.prefix(span).firstIndex(where: { line in fromNames.contains(where: line.hasPrefix) })
        else { return false }
        let following = window[(fromIndex + 1)...].prefix(6)
        return following.contains { line in dateNames.contains(where: line.hasPrefix) }
            && following.contains { line in toNames.contains(where: line.hasPrefix) }
    }

    private static func isSignatureStart(_ line: String) -> Bool {
        if line == "-- " || line.trimmingWhitespace() == "--" { return true }
        // Mobile footers are short lines; a longer one is a sentence ("Sent from my laptop, the export...").
        let lowered = simplified(line)
        guard lowered.count < 50 else { return false }
        if lowered.hasPrefix("von meinem ") && lowered.hasSuffix(" gesendet") { return true }
        return footers.contains(where: lowered.hasPrefix)
    }

    /// Lowercased, trimmed, without the "*" that HTML bold leaves around Outlook's header names.
    private static func simplified(_ line: String) -> String {
        line.trimmingWhitespace().lowercased().filter { $0 != "*" }
    }

    private static func hasContent(_ lines: [String]) -> Bool {
        lines.contains { !$0.trimmingWhitespace().isEmpty }
    }

    private static func tidy(_ lines: [String]) -> String {
        var out: [String] = []
        for line in lines.map({ $0.trimmingTrailingWhitespace() }) {
            if line.isEmpty && (out.isEmpty || out.last?.isEmpty == true) { continue }
            out.append(line)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }
}
