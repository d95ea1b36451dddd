import COpenBLAS
import Foundation

/// Static token vectors distilled from a sentence encoder, the Model2Vec method (Tulkens & van Dongen, 2024):
/// a text's vector is the mean of its WordPiece tokens' vectors, each looked up in a table. No attention and no
/// matrix product, so a text costs microseconds where the transformer costs about 2 ms, for somewhat less
/// meaning (docs/triage.md measures both). `distill` builds the table; no Swift package does either.
public struct StaticEncoder: TextEncoder {
    /// The file that marks a static encoder's directory, beside the tokenizer files.
    public static let vectorsFile = "static-vectors.safetensors"
    static let tensorName = "embeddings"
    /// Tokens read from one text: the transformer's own limit, though a table lookup could read more.
    static let maxTokens = 512

    /// "static-<dimension>@<fingerprint of the table>".
    public let identity: String
    public let dimension: Int
    /// The identity of the sentence encoder the vectors were distilled from.
    public let source: String
    let tokenizer: WordPieceTokenizer
    /// One row of `dimension` values per token id.
    let table: [Float]

    /// Whether `directory` holds static vectors (its `vectorsFile`) rather than a transformer.
    public static func holdsVectors(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(vectorsFile).path)
    }

    /// Loads `static-vectors.safetensors` and the tokenizer in `directory`. Throws an `EncoderError` naming the
    /// file that is missing or wrong.
    public static func load(directory: URL) throws -> StaticEncoder {
        let url = directory.appendingPathComponent(vectorsFile)
        let file = try SafeTensors(url: url)
        guard let shape = file.entries[tensorName]?.shape, shape.count == 2, shape[0] > 0, shape[1] > 0 else {
            throw EncoderError(.missingTensor, file: url.path, "no two-dimensional tensor \(tensorName)")
        }
        let tokenizer = try WordPieceTokenizer(directory: directory)
        if let largest = tokenizer.vocabulary.values.max(), Int(largest) >= shape[0] {
            throw EncoderError(
                .shapeMismatch, file: url.path,
                "\(tensorName) has \(shape[0]) rows, but the tokenizer's ids go up to \(largest)")
        }
        return StaticEncoder(
            identity: "static-\(shape[1])@\(String(file.fingerprint(), radix: 16))", dimension: shape[1],
            source: file.metadata["source"] ?? "unknown", tokenizer: tokenizer,
            table: try file.floats(tensorName, shape: shape))
    }

    public func encode(_ texts: [String]) -> [[Float]] { texts.map(vector) }

    /// The sum of the text's token rows, scaled to unit length (the mean's direction); zeros for a text with no
    /// tokens.
    func vector(_ text: String) -> [Float] {
        let ids = tokenizer.tokenIDs(text, maxLength: Self.maxTokens).dropFirst().dropLast()  // no [CLS], [SEP]
        let width = dimension
        var vector = [Float](repeating: 0, count: width)
        table.withUnsafeBufferPointer { table in
            vector.withUnsafeMutableBufferPointer { sum in
                for id in ids {
                    let row = table.baseAddress! + Int(id) * width
                    for i in 0..<width { sum[i] += row[i] }
                }
                let norm = cblas_snrm2(Int32(width), sum.baseAddress, 1)
                if norm > 0 { cblas_sscal(Int32(width), 1 / norm, sum.baseAddress, 1) }
            }
        }
        return vector
    }
}
