import Foundation
import Hummingbird

/// An RFC 9457 problem: the only error shape clients ever see.
public struct Problem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Short machine-readable slug; the `type` URI is built from it.
    public var slug: String
    public var title: String
    public var detail: String
    /// An RFC 9457 extension member: one line per part of the request that was refused,
    /// when there are several (a bulk import's entries).
    public var errors: [String]?

    public init(
        _ status: HTTPResponse.Status, _ slug: String, _ title: String, detail: String, errors: [String]? = nil
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    /// Renders the problem as `application/problem+json`.
    public func response(instance: String?) -> Response {
        let data = json(instance: instance)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem's JSON body.
    public func json(instance: String?) -> Data {
        var object: [String: Any] = [
            "type": "https://ticketflow.dev/problems/\(slug)",
            "title": title,
            "status": Int(status.code),
            "detail": detail,
        ]
        if let instance { object["instance"] = instance }
        if let errors { object["errors"] = errors }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    public static func badRequest(_ slug: String, _ detail: String) -> Problem {
        Problem(.badRequest, slug, "Bad request", detail: detail)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, "not-found", "Not found", detail: detail)
    }

    static func unprocessable(_ detail: String) -> Problem {
        Problem(.unprocessableContent, "validation-failed", "Validation failed", detail: detail)
    }
}
