import Foundation

/// RFC 3676 format=flowed text (Apple Mail, Thunderbird): lines ending in a space continue on the next line.
enum FormatFlowed {
    /// Joins soft-broken lines back into paragraphs, keeping quote depth ("> ") and the "-- " signature line.
    static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var paragraphs: [(depth: Int, text: String)] = []
        var open = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let depth = line.prefix { $0 == ">" }.count
            var content = line.dropFirst(depth)
            if content.first == " " { content.removeFirst() }  // space-stuffing
            if open, let last = paragraphs.last, last.depth == depth {
                paragraphs[paragraphs.count - 1].text += content
            } else {
                paragraphs.append((depth, String(content)))
            }
            let flowed = content != "-- " && content.hasSuffix(" ")
            if flowed && deleteSpace { paragraphs[paragraphs.count - 1].text.removeLast() }
            open = flowed
        }
        return paragraphs.map { paragraph in
            paragraph.depth == 0
                ? paragraph.text : String(repeating: ">", count: paragraph.depth) + " " + paragraph.text
        }.joined(separator: "\n")
    }
}
