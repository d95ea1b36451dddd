import Foundation

/// Keyset paging written once for every store: the requested size clamped
/// to `1...maximum`, one extra row fetched to learn whether another page
/// follows, and the cursor taken from the last row kept.
public struct PageRequest: Sendable, Equatable {
    /// Rows per page, already clamped.
    public let limit: Int

    /// Clamps `requested` to `1...maximum`.
    public init(limit requested: Int, maximum: Int) {
        limit = max(1, min(requested, maximum))
    }

    /// How many rows the query should fetch: one more than a page.
    public var fetchLimit: Int { limit + 1 }

    /// The page in `rows` (fetched with `fetchLimit`) and the cursor of the
    /// next page: the last kept row's key, or nil when nothing follows.
    public func page<Row>(of rows: [Row], cursor: (Row) -> Int64) -> (rows: [Row], next: Int64?) {
        guard rows.count > limit else { return (rows, nil) }
        let kept = Array(rows.prefix(limit))
        return (kept, kept.last.map(cursor))
    }
}
