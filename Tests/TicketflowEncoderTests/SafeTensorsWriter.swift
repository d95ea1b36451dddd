import Foundation

@testable import TicketflowEncoder

/// Rewrites safetensors files for the load tests.
enum SafeTensorsWriter {
    struct Parsed {
        var header: [String: Any]
        var body: Data
    }

    static func parse(_ data: Data) throws -> Parsed {
        let length = Int(data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        let header = try JSONSerialization.jsonObject(with: data[8..<(8 + length)]) as! [String: Any]
        return Parsed(header: header, body: Data(data[(8 + length)...]))
    }

    static func write(header: [String: Any], body: Data) throws -> Data {
        try SafeTensors.file(header: header, body: body)
    }

    /// The same file with every F32 tensor stored as F16.
    static func halfPrecisionCopy(of data: Data) throws -> Data {
        let parsed = try parse(data)
        var header: [String: Any] = [:]
        var body = Data()
        for (name, value) in parsed.header.sorted(by: { $0.key < $1.key }) {
            guard var info = value as? [String: Any], let offsets = info["data_offsets"] as? [Int] else {
                header[name] = value
                continue
            }
            var bytes = parsed.body[offsets[0]..<offsets[1]]
            if info["dtype"] as? String == "F32" {
                let floats = bytes.withUnsafeBytes { raw in
                    (0..<(raw.count / 4)).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
                }
                bytes = floats.map { Float16($0).bitPattern.littleEndian }.withUnsafeBytes { Data($0) }
                info["dtype"] = "F16"
            }
            info["data_offsets"] = [body.count, body.count + bytes.count]
            body.append(bytes)
            header[name] = info
        }
        return try write(header: header, body: body)
    }

    /// The same file with one tensor's dtype renamed (its bytes unchanged).
    static func retype(_ data: Data, tensor: String, as dtype: String) throws -> Data {
        var parsed = try parse(data)
        var info = parsed.header[tensor] as! [String: Any]
        info["dtype"] = dtype
        parsed.header[tensor] = info
        return try write(header: parsed.header, body: parsed.body)
    }
}
