import Foundation
import Testing

@testable import TicketflowEncoder

/// The Swift encoder against the numpy reference (scripts/encoder-reference.py) on the real all-MiniLM-L6-v2.
@Suite struct SentenceEncoderReferenceTests {
    @Test func tokenIDsMatchTheReferenceTokenizer() throws {
        let encoder = try EncoderModel.encoder()
        let fixture = try ReferenceFixture.load()
        #expect(encoder.maxSequenceLength == fixture.maxSequenceLength)
        #expect(fixture.cases.count >= 16)
        for reference in fixture.cases {
            #expect(encoder.tokenIDs(reference.text) == reference.ids, "\(reference.text)")
        }
        #expect(fixture.cases.contains { $0.ids.count == fixture.maxSequenceLength }, "no truncated case")
    }

    @Test func vectorsMatchTheReferenceForwardPass() throws {
        let encoder = try EncoderModel.encoder()
        let fixture = try ReferenceFixture.load()
        let vectors = encoder.encode(fixture.cases.map(\.text))
        #expect(encoder.dimension == 384)
        #expect(encoder.pooling == "mean")
        for (reference, vector) in zip(fixture.cases, vectors) {
            #expect(vector.count == 384)
            let similarity = cosine(vector, reference.vector)
            #expect(similarity >= 0.999, "cosine \(similarity) for \(reference.text)")
            let length = norm(vector)
            #expect(abs(length - 1) < 1e-4, "length \(length) for \(reference.text)")
        }
    }

    @Test func batchesGiveTheSameVectorsAsSingleSentences() throws {
        let encoder = try EncoderModel.encoder()
        let texts = try ReferenceFixture.load().cases.map(\.text)
        let batch = encoder.encode(texts)
        let oneThread = try SentenceEncoder.load(directory: EncoderModel.directory(), threads: 1).encode(texts)
        for (index, text) in texts.enumerated() {
            let single = encoder.encode([text])[0]
            // Summation order differs with the packing and the column split, so equal means equal to float noise.
            #expect(cosine(single, batch[index]) > 0.99999, "\(text)")
            #expect(zip(single, batch[index]).allSatisfy { abs($0 - $1) < 1e-4 }, "\(text)")
            #expect(zip(oneThread[index], batch[index]).allSatisfy { abs($0 - $1) < 1e-4 }, "\(text)")
        }
        #expect(encoder.encode([]).isEmpty)
    }

    @Test func concurrentCallsGiveTheSameVectors() throws {
        let encoder = try EncoderModel.encoder()
        let texts = try ReferenceFixture.load().cases.map(\.text)
        let expected = encoder.encode(texts)
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            results.append(
                encoder.encode(index % 2 == 0 ? texts : texts.reversed()).map { $0 }, reversed: index % 2 == 1)
        }
        #expect(results.count == 4)
        for vectors in results.all {
            for (got, want) in zip(vectors, expected) { #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-4 }) }
        }
    }

    @Test func similarSentencesAreCloserThanUnrelatedOnes() throws {
        let encoder = try EncoderModel.encoder()
        let vectors = encoder.encode([
            "How do I reset my password?", "I forgot my password and cannot log in", "Where is my parcel?",
        ])
        #expect(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.3)
    }

    @Test func maxSequenceLengthCanBeLowered() throws {
        let encoder = try SentenceEncoder.load(directory: EncoderModel.directory(), maxSequenceLength: 16)
        let long = String(repeating: "the refund has not arrived yet ", count: 20)
        #expect(encoder.tokenIDs(long).count == 16)
        #expect(encoder.identity != (try EncoderModel.encoder()).identity)
        #expect(encoder.encode([long])[0].count == 384)
    }
}

/// Vectors collected from several threads.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [[[Float]]] = []

    func append(_ vectors: [[Float]], reversed: Bool) {
        lock.lock()
        results.append(reversed ? vectors.reversed() : vectors)
        lock.unlock()
    }

    var all: [[[Float]]] { lock.withLock { results } }
    var count: Int { all.count }
}
