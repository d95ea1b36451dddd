import Foundation
import Testing

@testable import TicketflowEncoder

/// Static token vectors distilled from the real all-MiniLM-L6-v2: what the directory holds, how a text's vector
/// is made, and that the vectors still carry meaning beyond shared words.
@Suite struct StaticEncoderTests {
    /// Distilled once for the suite, 128 principal components.
    static let distilled: Result<StaticEncoder, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("static-encoder-\(UUID())")
        return try StaticEncoder.distill(
            from: try EncoderModel.encoder(), source: try EncoderModel.directory(), into: directory, dimensions: 128)
    }

    @Test func theDirectoryLoadsAsAStaticEncoderNamingItsSource() throws {
        let encoder = try Self.distilled.get()
        let transformer = try EncoderModel.encoder()
        #expect(encoder.dimension == 128)
        #expect(encoder.identity.hasPrefix("static-128@"))
        #expect(encoder.source == transformer.identity)
        #expect(encoder.table.count == 30_522 * 128)
    }

    @Test func aTextIsTheUnitMeanOfItsTokenRows() throws {
        let encoder = try Self.distilled.get()
        let ids = encoder.tokenizer.tokenIDs("refund please", maxLength: 512).dropFirst().dropLast()
        #expect(ids.count >= 2)
        var sum = [Float](repeating: 0, count: 128)
        for id in ids {
            for i in 0..<128 { sum[i] += encoder.table[Int(id) * 128 + i] }
        }
        let vector = try #require(encoder.encode(["refund please"]).first)
        #expect(abs(norm(vector) - 1) < 1e-5)
        #expect(cosine(vector, sum) > 0.99999)
        #expect(encoder.encode([""]).first == [Float](repeating: 0, count: 128), "no tokens: no direction")
    }

    /// Pairs that share no content word, which a bag of words cannot pair up. The static vectors pair them
    /// more loosely than the transformer does (it finds every partner first; static vectors find 5 of 8), so the
    /// test asks what they do hold: each partner is nearer than the other texts on average, and the cosines follow
    /// the transformer's.
    @Test func paraphrasesAreNearerAndTheCosinesFollowTheTransformer() throws {
        let encoder = try Self.distilled.get()
        let pairs = [
            ("I want a refund for this order", "please give me my money back"),
            ("where is my package", "the parcel has not arrived yet"),
            ("I cannot log in to my account", "sign-in keeps failing"),
            ("cancel my subscription", "stop the monthly plan"),
        ]
        let texts = pairs.flatMap { [$0.0, $0.1] }
        let vectors = encoder.encode(texts)
        for (index, text) in texts.enumerated() {
            let others = texts.indices.filter { $0 != index && $0 != index ^ 1 }
            let average = others.map { cosine(vectors[index], vectors[$0]) }.reduce(0, +) / Float(others.count)
            #expect(cosine(vectors[index], vectors[index ^ 1]) > average, "\(text)")
        }
        let transformer = try EncoderModel.encoder().encode(texts)
        var distilled: [Float] = []
        var source: [Float] = []
        for i in texts.indices {
            for j in texts.indices where j > i {
                distilled.append(cosine(vectors[i], vectors[j]))
                source.append(cosine(transformer[i], transformer[j]))
            }
        }
        #expect(pearson(distilled, source) >= 0.6)  // 0.69 measured
    }

    @Test func principalComponentsComeLargestFirstAndUncorrelated() throws {
        // Three columns: independent variances 9, 1 and 4 along axes rotated 30° in the first two columns.
        var generator = SystemRandomNumberGenerator()
        let rows = 4000
        var values: [Float] = []
        let (c, s) = (Float(cos(Double.pi / 6)), Float(sin(Double.pi / 6)))
        for _ in 0..<rows {
            let a = 3 * gaussian(&generator)
            let b = 1 * gaussian(&generator)
            let z = 2 * gaussian(&generator) + 5  // an offset, which centring removes
            values += [c * a - s * b, s * a + c * b, z]
        }
        let projected = StaticEncoder.principalComponents(of: values, rows: rows, columns: 3, keep: 3)
        func column(_ j: Int) -> [Float] { (0..<rows).map { projected[$0 * 3 + j] } }
        func covariance(_ x: [Float], _ y: [Float]) -> Float {
            zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / Float(rows)
        }
        let variances = (0..<3).map { covariance(column($0), column($0)) }
        #expect(abs(variances[0] - 9) < 1 && abs(variances[1] - 4) < 0.5 && abs(variances[2] - 1) < 0.2, "\(variances)")
        #expect(abs(column(0).reduce(0, +) / Float(rows)) < 1e-3, "centred")
        #expect(abs(covariance(column(0), column(1))) < 1e-2 && abs(covariance(column(1), column(2))) < 1e-2)
        let two = StaticEncoder.principalComponents(of: values, rows: rows, columns: 3, keep: 2)
        #expect(two.count == rows * 2)
        #expect(abs(abs(two[0]) - abs(projected[0])) < 1e-3, "the same first component")
    }

    @Test func aBrokenTableIsRefusedNamingTheFile() throws {
        let encoder = try Self.distilled.get()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("static-broken-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: EncoderModel.directory().appendingPathComponent("tokenizer.json"),
            to: directory.appendingPathComponent("tokenizer.json"))
        let file = directory.appendingPathComponent(StaticEncoder.vectorsFile)
        // Fewer rows than the tokenizer has ids.
        try SafeTensors.file(
            name: "embeddings", shape: [100, 128], values: Array(encoder.table.prefix(100 * 128)), metadata: [:]
        ).write(to: file)
        let short = #expect(throws: EncoderError.self) { try TextEncoders.load(directory: directory) }
        #expect(short?.code == .shapeMismatch && short?.file == file.path)
        // No table under the expected name.
        try SafeTensors.file(name: "weights", shape: [1, 1], values: [0], metadata: [:]).write(to: file)
        let missing = #expect(throws: EncoderError.self) { try TextEncoders.load(directory: directory) }
        #expect(missing?.code == .missingTensor)
    }
}

func norm(_ vector: [Float]) -> Float { vector.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// A standard normal draw (Box–Muller).
func gaussian(_ generator: inout some RandomNumberGenerator) -> Float {
    let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
    let v = Double.random(in: 0..<1, using: &generator)
    return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
}

/// Pearson's correlation of two equally long samples.
func pearson(_ a: [Float], _ b: [Float]) -> Float {
    let meanA = a.reduce(0, +) / Float(a.count)
    let meanB = b.reduce(0, +) / Float(b.count)
    var ab: Float = 0
    var aa: Float = 0
    var bb: Float = 0
    for (x, y) in zip(a, b) {
        ab += (x - meanA) * (y - meanB)
        aa += (x - meanA) * (x - meanA)
        bb += (y - meanB) * (y - meanB)
    }
    return ab / (aa * bb).squareRoot()
}
