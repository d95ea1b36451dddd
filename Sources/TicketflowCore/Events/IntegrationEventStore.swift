import Foundation

/// The event feed's storage port. Ticket writes add their events in their own
/// transaction (see `IntegrationEventRules`); this reads them back in feed
/// order and records the events no ticket write carries (a failed delivery).
public protocol IntegrationEventStore: Sendable {
    /// Up to `limit` events with an id above `after`, oldest first.
    func integrationEvents(after: Int64, limit: Int) async throws -> [IntegrationEvent]

    /// The newest event's id (0 while there is none): where a reader that only wants what happens from
    /// now on starts.
    func latestIntegrationEventID() async throws -> Int64

    /// Stores one event and returns it with its feed position.
    func recordIntegrationEvent(_ event: NewIntegrationEvent) async throws -> IntegrationEvent
}

extension IntegrationEventStore {
    /// A page of the feed and the cursor to ask with next: the last event's
    /// id, or `after` again when nothing new has happened (a poller keeps it).
    public func eventPage(after: Int64, limit: Int) async throws -> (events: [IntegrationEvent], cursor: Int64) {
        let request = PageRequest(limit: limit, maximum: IntegrationEventPage.maximum)
        let events = try await integrationEvents(after: after, limit: request.limit)
        return (events, events.last?.id ?? after)
    }
}

/// Bounds of one page of the event feed.
public enum IntegrationEventPage {
    /// Most events one page returns.
    public static let maximum = 500
}
