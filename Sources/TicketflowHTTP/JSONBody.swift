import Foundation
import Hummingbird

/// JSON in and out with the errors clients need: which field was missing or
/// of the wrong type, invalid UTF-8, bodies over the limit. Hummingbird's own
/// decoder reports these less precisely, so requests are decoded here.
public struct JSONBody: Sendable {
    let maximumBytes: Int

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> (value: T, bytes: [UInt8]) {
        if let contentType = request.headers[.contentType],
            !contentType.lowercased().hasPrefix("application/json")
        {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "send the body as application/json")
        }
        let buffer = try await request.body.collect(upTo: maximumBytes)
        return (try Self.decode(type, bytes: Array(buffer.readableBytesView)), Array(buffer.readableBytesView))
    }

    /// Decodes the body when there is one; an empty body is nil (actions whose fields are all optional).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard buffer.readableBytes > 0 else { return nil }
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                detail: "send the body as application/json")
        }
        return try Self.decode(type, bytes: Array(buffer.readableBytesView))
    }

    static func decode<T: Decodable>(_ type: T.Type, bytes: [UInt8]) throws -> T {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem.badRequest("invalid-utf8", "the request body is not valid UTF-8")
        }
        guard !bytes.isEmpty else {
            throw Problem.badRequest("empty-body", "the request needs a JSON body")
        }
        if Self.containsNULEscape(bytes) {
            throw Problem.badRequest(
                "nul-character", "a string in the body holds a NUL character (\\u0000), which cannot be stored")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    static let nulEscape = Array(#"\u0000"#.utf8)

    /// Whether a JSON text holds the escape `\u0000` (a raw NUL byte is not valid JSON).
    /// Each backslash escapes the character after it, so `\\u0000` is text, not a NUL.
    static func containsNULEscape(_ bytes: [UInt8]) -> Bool {
        let backslash = UInt8(ascii: "\\")
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == backslash else {
                index += 1
                continue
            }
            if bytes[index...].starts(with: Self.nulEscape) { return true }
            index += 2
        }
        return false
    }

    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "body" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .unprocessable("\(path(context.codingPath, key)) is required")
        case .typeMismatch(let type, let context):
            return .unprocessable("\(path(context.codingPath)) must be \(jsonName(of: type))")
        case .valueNotFound(let type, let context):
            return .unprocessable("\(path(context.codingPath)) must be \(jsonName(of: type)), not null")
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return .unprocessable("\(path(context.codingPath)) has an invalid value: \(context.debugDescription)")
        case .dataCorrupted:
            return .badRequest("malformed-json", "the request body is not valid JSON")
        @unknown default:
            return .badRequest("malformed-json", "the request body could not be decoded")
        }
    }

    static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        case is [Any].Type: return "an array"
        default: return "an object"
        }
    }

    /// A JSON response, encoded as every API answer is (sorted keys, ISO 8601 dates).
    public static func response<T: Encodable>(
        _ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let data = try encoder.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
