// Finds where one server response ends in a byte stream. A response is a line, except that a line ending in a
// literal announcement `{n}` continues after exactly n bytes of arbitrary (even binary) data, which may contain
// CRLFs and may arrive over many reads. Pure, so it is tested on canned bytes split at every position.

/// Splits a stream of server bytes into complete responses.
public struct IMAPResponseFramer: Sendable {
    /// The largest response accepted, literals included; a larger one is a `.responseTooLarge` error,
    /// so a broken or hostile server cannot make the client buffer without bound.
    public var maxResponseBytes: Int

    /// Makes a framer accepting responses up to `maxResponseBytes` (64 MiB by default).
    public init(maxResponseBytes: Int = 64 << 20) {
        self.maxResponseBytes = maxResponseBytes
    }

    /// The length of the first complete response at the start of `bytes`, or nil when more bytes are needed.
    public func frameLength<Bytes: RandomAccessCollection<UInt8>>(
        in bytes: Bytes
    ) throws(IMAPError) -> Int? where Bytes.Index == Int {
        let start = bytes.startIndex
        var lineStart = start
        while true {
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else {
                if bytes.endIndex - start > maxResponseBytes { throw tooLarge(bytes.endIndex - start) }
                return nil
            }
            guard let literal = literalLength(endingLineAt: newline, in: bytes, from: lineStart) else {
                return newline + 1 - start
            }
            guard literal <= maxResponseBytes, newline + 1 - start + literal <= maxResponseBytes else {
                throw tooLarge(newline + 1 - start + literal)
            }
            let next = newline + 1 + literal
            if next > bytes.endIndex { return nil }
            lineStart = next
        }
    }

    /// The n of a `{n}` (or `{n+}`) that ends the line before the LF at `newline`, if the line ends with one.
    private func literalLength<Bytes: RandomAccessCollection<UInt8>>(
        endingLineAt newline: Int, in bytes: Bytes, from lineStart: Int
    ) -> Int? where Bytes.Index == Int {
        var index = newline
        if index > lineStart, bytes[index - 1] == 0x0D { index -= 1 }
        guard index > lineStart, bytes[index - 1] == UInt8(ascii: "}") else { return nil }
        index -= 1
        if index > lineStart, bytes[index - 1] == UInt8(ascii: "+") { index -= 1 }
        let digitsEnd = index
        while index > lineStart, (0x30...0x39).contains(bytes[index - 1]) { index -= 1 }
        guard index < digitsEnd, digitsEnd - index <= 10, index > lineStart,
            bytes[index - 1] == UInt8(ascii: "{")
        else { return nil }
        return bytes[index..<digitsEnd].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private func tooLarge(_ size: Int) -> IMAPError {
        IMAPError(
            .responseTooLarge, text: "a server response of \(size) bytes exceeds the limit of \(maxResponseBytes)")
    }
}
