import Foundation
import TicketflowText

/// Why a model file could not be read or written.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        case unreadable, unwritable
        case notAModel = "not_a_model"
        case unsupportedVersion = "unsupported_version"
        case corrupt
    }

    /// What kind of failure.
    public var code: Code
    /// One line for the user.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// Reads and writes model files:
///
/// ```
/// "TFLM"                  4 bytes magic
/// format version          UInt32 little-endian (currently 1)
/// header length           UInt32 little-endian
/// header                  UTF-8 JSON (ModelHeader, snake_case keys)
/// columns, classes        UInt32 little-endian each
/// column buckets          UInt32 × columns
/// idf                     Float32 × columns
/// weights                 Float32 × columns × classes (column-major)
/// bias                    Float32 × classes
/// ```
/// Only columns seen in training are stored, so the file holds no empty buckets.
public enum ModelFile {
    /// Current format version.
    public static let formatVersion = 1
    static let magic = Array("TFLM".utf8)

    /// Serialises a model.
    public static func encode(_ model: ClassifierModel) throws -> Data {
        var header = model.header
        header.formatVersion = formatVersion
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let headerData = try encoder.encode(header)
        var data = Data(magic)
        append(UInt32(formatVersion), to: &data)
        append(UInt32(headerData.count), to: &data)
        data.append(headerData)
        append(UInt32(model.space.columnCount), to: &data)
        append(UInt32(model.weights.classCount), to: &data)
        for bucket in model.space.columnBuckets { append(bucket, to: &data) }
        for value in model.space.idf { append(value.bitPattern, to: &data) }
        for value in model.weights.weights { append(value.bitPattern, to: &data) }
        for value in model.weights.bias { append(value.bitPattern, to: &data) }
        return data
    }

    /// Parses a model, checking magic, version and sizes.
    public static func decode(_ data: Data) throws -> ClassifierModel {
        let bytes = [UInt8](data)
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 12, Array(bytes[0..<4]) == magic else {
            throw ModelFileError(.notAModel, "not a Ticketflow model file (bad magic)")
        }
        reader.offset = 4
        let version = Int(try reader.uint32())
        guard version == formatVersion else {
            throw ModelFileError(
                .unsupportedVersion, "model format version \(version); this build reads version \(formatVersion)")
        }
        let headerLength = Int(try reader.uint32())
        let headerBytes = try reader.bytes(headerLength)
        let header: ModelHeader
        do {
            header = try JSONDecoder().decode(ModelHeader.self, from: Data(headerBytes))
        } catch {
            throw ModelFileError(.corrupt, "model header is not valid: \(error)")
        }
        let columns = Int(try reader.uint32())
        let classes = Int(try reader.uint32())
        guard classes == header.labels.count, header.featureConfig.bucketBits <= 24,
            columns <= 1 << header.featureConfig.bucketBits
        else {
            throw ModelFileError(.corrupt, "model sizes disagree with its header")
        }
        if let polarity = header.polarity, polarity.lexicon != PolarityLexicon.vaderIdentity {
            throw ModelFileError(
                .unsupportedVersion,
                "model reads the polarity lexicon \(polarity.lexicon); this build has \(PolarityLexicon.vaderIdentity)")
        }
        let dimension = ClassifierModel.denseColumns(encoder: header.encoder, polarity: header.polarity)
        guard (0...8192).contains(dimension) else {
            throw ModelFileError(.corrupt, "model sizes disagree with its header")
        }
        // Encoder-feature and polarity weights follow the n-gram weights as more columns.
        let expected = (columns * 2 + (columns + dimension) * classes + classes) * 4
        guard bytes.count - reader.offset == expected else {
            throw ModelFileError(
                .corrupt, "model weights are truncated or padded (\(bytes.count - reader.offset) of \(expected) bytes)")
        }
        let buckets = try (0..<columns).map { _ in try reader.uint32() }
        guard buckets.allSatisfy({ Int($0) < 1 << header.featureConfig.bucketBits }) else {
            throw ModelFileError(.corrupt, "model holds a bucket outside its feature space")
        }
        let idf = try (0..<columns).map { _ in Float(bitPattern: try reader.uint32()) }
        let weights = try (0..<((columns + dimension) * classes)).map { _ in Float(bitPattern: try reader.uint32()) }
        let bias = try (0..<classes).map { _ in Float(bitPattern: try reader.uint32()) }
        return ClassifierModel(
            header: header,
            space: FeatureSpace(config: header.featureConfig, columnBuckets: buckets, idf: idf),
            weights: LinearWeights(
                classCount: classes, columnCount: columns + dimension, weights: weights, bias: bias)
        )
    }

    /// Writes a model atomically (a reader never sees half a file).
    public static func write(_ model: ClassifierModel, to path: String) throws {
        let data = try encode(model)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelFileError(.unwritable, "cannot write model file \(path) (does the folder exist?)")
        }
    }

    /// Reads a model file.
    public static func read(from path: String) throws -> ClassifierModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(.unreadable, "cannot read model file \(path)")
        }
        do {
            return try decode(data)
        } catch let error as ModelFileError {
            // Which file, since a command may read two (--model and --sentiment-model).
            throw ModelFileError(error.code, "\(path): \(error.message)")
        }
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        mutating func uint32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw ModelFileError(.corrupt, "model file is truncated") }
            let value =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return value
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else {
                throw ModelFileError(.corrupt, "model file is truncated")
            }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
    }
}
