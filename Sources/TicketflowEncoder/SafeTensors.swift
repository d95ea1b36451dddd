import Foundation

/// A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
/// byte range, then the raw little-endian data. The file is memory-mapped and each tensor is converted to Float32
/// when read, so F16 and BF16 weights cost nothing extra once loaded.
struct SafeTensors {
    /// Element types the encoder reads.
    enum DType: String {
        case f32 = "F32"
        case f16 = "F16"
        case bf16 = "BF16"

        var size: Int { self == .f32 ? 4 : 2 }
    }

    /// Where one tensor lies in the file.
    struct Entry {
        var dtype: String
        var shape: [Int]
        var range: Range<Int>
    }

    let path: String
    let entries: [String: Entry]
    /// The header's `__metadata__`: free-form string pairs the writer recorded.
    let metadata: [String: String]
    private let data: Data

    init(url: URL) throws {
        path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw EncoderError(.missingFile, file: path, "no weights file")
        }
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw EncoderError(.corruptFile, file: path, "cannot read: \(error)")
        }
        (entries, metadata) = try Self.parseHeader(data, path: path)
    }

    private static func parseHeader(_ data: Data, path: String) throws -> ([String: Entry], [String: String]) {
        func corrupt(_ detail: String) -> EncoderError { EncoderError(.corruptFile, file: path, detail) }
        guard data.count >= 8 else { throw corrupt("shorter than the 8-byte header length") }
        let length = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard length < UInt64(data.count - 8) else { throw corrupt("header length \(length) exceeds the file") }
        let start = 8 + Int(length)
        guard let header = try? JSONSerialization.jsonObject(with: data[8..<start]) as? [String: Any] else {
            throw corrupt("header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2,
                offsets[0] >= 0, offsets[0] <= offsets[1], start + offsets[1] <= data.count
            else { throw corrupt("bad header entry for \(name) (or its data lies beyond the end of the file)") }
            entries[name] = Entry(dtype: dtype, shape: shape, range: (start + offsets[0])..<(start + offsets[1]))
        }
        return (entries, header["__metadata__"] as? [String: String] ?? [:])
    }

    /// A safetensors file holding one F32 tensor, `name` of `shape`, and `metadata`.
    static func file(name: String, shape: [Int], values: [Float], metadata: [String: String]) throws -> Data {
        let header: [String: Any] = [
            "__metadata__": metadata,
            name: ["dtype": "F32", "shape": shape, "data_offsets": [0, values.count * 4]],
        ]
        #if _endian(little)
        let body = values.withUnsafeBytes { Data($0) }
        #else
        let body = Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } })
        #endif
        return try file(header: header, body: body)
    }

    /// The header as JSON, padded with spaces to 8 bytes as the format recommends, its length before it and
    /// `body` after it.
    static func file(header: [String: Any], body: Data) throws -> Data {
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var length = UInt64(json.count).littleEndian
        return Data(bytes: &length, count: 8) + json + body
    }

    /// The tensor `name` as Float32, checked against the shape the configuration implies.
    func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let entry = entries[name] else { throw EncoderError(.missingTensor, file: path, "no tensor \(name)") }
        guard entry.shape == expected else {
            throw EncoderError(
                .shapeMismatch, file: path, "\(name) has shape \(entry.shape), config implies \(expected)")
        }
        guard let dtype = DType(rawValue: entry.dtype) else {
            throw EncoderError(.unsupportedDType, file: path, "\(name) is \(entry.dtype); only F32, F16, BF16 are read")
        }
        let count = expected.reduce(1, *)
        guard entry.range.count == count * dtype.size else {
            throw EncoderError(
                .corruptFile, file: path, "\(name) holds \(entry.range.count) bytes, not \(count) values")
        }
        return data.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[entry.range])
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                switch dtype {
                case .f32:
                    #if _endian(little)
                    UnsafeMutableRawBufferPointer(out).copyMemory(from: bytes)
                    #else
                    for i in 0..<count {
                        let bits = bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                        out[i] = Float(bitPattern: UInt32(littleEndian: bits))
                    }
                    #endif
                case .f16:
                    for i in 0..<count {
                        let bits = bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                        out[i] = Self.halfToFloat(UInt16(littleEndian: bits))
                    }
                case .bf16:
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                        out[i] = Float(bitPattern: UInt32(bits) << 16)
                    }
                }
                initialized = count
            }
        }
    }

    /// A 64-bit FNV-1a fingerprint of the header and of one 8-byte word in every 64 bytes of data: any retraining
    /// or conversion changes nearly every weight, so the sample tells weight files apart at a fraction of the cost
    /// of hashing 90 MB (this runs at every load, also in debug builds).
    func fingerprint() -> UInt64 {
        data.withUnsafeBytes { raw in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            func mix(_ word: UInt64) {
                hash = (hash ^ word) &* 0x0000_0100_0000_01b3
            }
            let headerEnd = 8 + Int(raw.loadUnaligned(as: UInt64.self))
            for byte in raw[0..<headerEnd] { mix(UInt64(byte)) }
            var offset = headerEnd
            while offset + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 64
            }
            mix(UInt64(raw.count))
            return hash
        }
    }

    /// IEEE 754 binary16 to binary32, by bits: Float16 is not available on every platform Swift runs on.
    static func halfToFloat(_ half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = Int(half >> 10) & 0x1F
        let mantissa = UInt32(half & 0x3FF)
        switch exponent {
        case 0:  // zero or subnormal: mantissa × 2^-24
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:  // infinity or NaN
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
        }
    }
}
