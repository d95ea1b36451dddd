import Foundation
import Testing
import TicketflowTesting

@testable import TicketflowEncoder

/// The real all-MiniLM-L6-v2, fetched once per test run by scripts/fetch-encoder.sh into TICKETFLOW_ENCODER_DIR or
/// `.build/encoder-model` under the package root, and loaded once for every test that needs it.
enum EncoderModel {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let fetched: Result<URL, FetchFailure> = Result {
        URL(fileURLWithPath: try TestEncoderModel.directory())
    }.mapError { FetchFailure(message: "\($0)") }

    static let loaded: Result<SentenceEncoder, FetchFailure> = fetched.flatMap { directory in
        do {
            return .success(try SentenceEncoder.load(directory: directory))
        } catch {
            return .failure(FetchFailure(message: "the fetched model does not load: \(error)"))
        }
    }

    /// The model directory, or a test failure saying why there is none.
    static func directory() throws -> URL { try fetched.get() }

    /// The shared encoder over the real model.
    static func encoder() throws -> SentenceEncoder { try loaded.get() }

    struct FetchFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Tests/Fixtures/encoder/reference.json, written by scripts/encoder-reference.py from the same weights.
struct ReferenceFixture: Decodable {
    struct Case: Decodable {
        var text: String
        var ids: [Int32]
        var vector: [Float]
        /// The vector under CLS pooling, for the first few cases.
        var clsVector: [Float]?

        enum CodingKeys: String, CodingKey {
            case text, ids, vector
            case clsVector = "cls_vector"
        }
    }

    var model: String
    var maxSequenceLength: Int
    var cases: [Case]

    enum CodingKeys: String, CodingKey {
        case model, cases
        case maxSequenceLength = "max_sequence_length"
    }

    static func load() throws -> ReferenceFixture {
        let url = EncoderModel.packageRoot.appendingPathComponent("Tests/Fixtures/encoder/reference.json")
        return try JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }
}

/// Cosine similarity of two vectors of equal length.
func cosine(_ a: [Float], _ b: [Float]) -> Float {
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    for i in a.indices {
        dot += a[i] * b[i]
        normA += a[i] * a[i]
        normB += b[i] * b[i]
    }
    return dot / (normA.squareRoot() * normB.squareRoot())
}
