import Foundation
import Testing

@testable import TicketflowEncoder

/// Loading from altered copies of the real model directory: F16 weights, and files missing, corrupt or wrong.
@Suite struct EncoderLoadTests {
    static let files = [
        "config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "tokenizer_config.json", "modules.json",
        "sentence_bert_config.json", "1_Pooling/config.json",
    ]

    /// A temporary model directory linking to the real files, except those `replace` writes.
    static func variant(replacing replace: [String: Data?]) throws -> URL {
        let source = try EncoderModel.directory()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encoder-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for name in files {
            let target = directory.appendingPathComponent(name)
            if let replacement = replace[name] {
                if let replacement { try replacement.write(to: target) }
            } else {
                try FileManager.default.createSymbolicLink(
                    at: target, withDestinationURL: source.appendingPathComponent(name))
            }
        }
        return directory
    }

    static func loadError(replacing replace: [String: Data?]) throws -> EncoderError? {
        let directory = try variant(replacing: replace)
        defer { try? FileManager.default.removeItem(at: directory) }
        return #expect(throws: EncoderError.self) { try SentenceEncoder.load(directory: directory) }
    }

    static func weights() throws -> Data {
        try Data(contentsOf: EncoderModel.directory().appendingPathComponent("model.safetensors"))
    }

    @Test func halfPrecisionWeightsGiveTheReferenceVectors() throws {
        let f16 = try SafeTensorsWriter.halfPrecisionCopy(of: Self.weights())
        let directory = try Self.variant(replacing: ["model.safetensors": f16])
        defer { try? FileManager.default.removeItem(at: directory) }
        let encoder = try SentenceEncoder.load(directory: directory)
        let full = try EncoderModel.encoder()
        #expect(encoder.identity != full.identity)
        let fixture = try ReferenceFixture.load()
        let vectors = encoder.encode(fixture.cases.map(\.text))
        let fullVectors = full.encode(fixture.cases.map(\.text))
        for (index, reference) in fixture.cases.enumerated() {
            // F16 keeps 11 significant bits, a relative error of at most 2^-11 ≈ 5e-4 per weight. Those errors are
            // independent, so they mostly cancel in each 384- or 1536-term dot product; what survives six layers
            // moves a vector by about 1e-3 of its length, which costs the cosine only ~(1e-3)²/2. So the F32 bound
            // of 0.999 still holds, and against the F32 encoder itself the vectors agree to 0.9995.
            #expect(cosine(vectors[index], reference.vector) >= 0.999, "\(reference.text)")
            #expect(cosine(vectors[index], fullVectors[index]) >= 0.9995, "\(reference.text)")
        }
    }

    @Test func missingFilesAreNamed() throws {
        let weights = try Self.loadError(replacing: ["model.safetensors": Data?.none])
        #expect(weights?.code == .missingFile)
        #expect(weights?.file.hasSuffix("model.safetensors") == true)
        let config = try Self.loadError(replacing: ["config.json": Data?.none])
        #expect(config?.code == .missingFile)
        #expect(config?.file.hasSuffix("config.json") == true)
    }

    @Test func corruptFilesAreNamed() throws {
        let truncated = try Self.loadError(replacing: ["model.safetensors": Self.weights().prefix(1000)])
        #expect(truncated?.code == .corruptFile)
        #expect(truncated?.file.hasSuffix("model.safetensors") == true)
        let cut = try Self.weights()
        let shortData = try Self.loadError(replacing: ["model.safetensors": cut.prefix(cut.count - 4096)])
        #expect(shortData?.code == .corruptFile)
        let config = try Self.loadError(replacing: ["config.json": Data("{not json".utf8)])
        #expect(config?.code == .corruptFile)
        #expect(config?.file.hasSuffix("config.json") == true)
    }

    @Test func shapesAndTypesAreChecked() throws {
        let config = try String(
            contentsOf: EncoderModel.directory().appendingPathComponent("config.json"), encoding: .utf8)
        let wider = config.replacingOccurrences(of: "\"hidden_size\": 384", with: "\"hidden_size\": 768")
        #expect(wider != config)
        let shape = try Self.loadError(replacing: ["config.json": Data(wider.utf8)])
        #expect(shape?.code == .shapeMismatch)
        #expect(shape?.detail.contains("word_embeddings") == true)
        let retyped = try SafeTensorsWriter.retype(
            Self.weights(), tensor: "embeddings.LayerNorm.weight", as: "I32")
        let dtype = try Self.loadError(replacing: ["model.safetensors": retyped])
        #expect(dtype?.code == .unsupportedDType)
        #expect(dtype?.file.hasSuffix("model.safetensors") == true)
        let fewerWords = config.replacingOccurrences(of: "\"vocab_size\": 30522", with: "\"vocab_size\": 30000")
        #expect(fewerWords != config)
        let vocabulary = try Self.loadError(replacing: ["config.json": Data(fewerWords.utf8)])
        #expect(vocabulary?.code == .shapeMismatch)
        #expect(vocabulary?.detail.contains("vocab_size") == true)
        let activation = config.replacingOccurrences(of: "\"gelu\"", with: "\"swish\"")
        #expect(try Self.loadError(replacing: ["config.json": Data(activation.utf8)])?.code == .unsupportedConfig)
    }
}

extension EncoderLoadTests {
    @Test func clsPoolingFollowsThePoolingConfig() throws {
        let cls = Data(#"{"word_embedding_dimension": 384, "pooling_mode_cls_token": true}"#.utf8)
        let directory = try Self.variant(replacing: ["1_Pooling/config.json": cls])
        defer { try? FileManager.default.removeItem(at: directory) }
        let encoder = try SentenceEncoder.load(directory: directory)
        #expect(encoder.pooling == "cls")
        #expect(encoder.identity.contains("-cls-"))
        let references = try ReferenceFixture.load().cases.filter { $0.clsVector != nil }
        #expect(references.count == 4)
        let vectors = encoder.encode(references.map(\.text))
        for (reference, vector) in zip(references, vectors) {
            #expect(cosine(vector, reference.clsVector ?? []) >= 0.999, "\(reference.text)")
            #expect(cosine(vector, reference.vector) < 0.99, "CLS and mean pooling should differ")
        }
    }
}
