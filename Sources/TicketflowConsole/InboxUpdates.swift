import Foundation
import TicketflowCore

/// Tells open inbox pages that tickets changed, so they re-read the list at once instead of on a timer.
/// One poll of the event feed per node, every `interval`, shared by every open page; polling the store
/// (rather than hooking this node's writes) also sees what other nodes wrote.
public actor InboxUpdates {
    let store: any IntegrationEventStore
    let interval: Duration
    /// The feed position seen last; nil while nobody listens, so a first listener starts from now.
    private var cursor: Int64?
    private var listeners: [UUID: AsyncStream<Int64>.Continuation] = [:]
    private var closed = false
    private var polling = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(store: any IntegrationEventStore, interval: Duration = .seconds(2)) {
        self.store = store
        self.interval = interval
    }

    /// A stream of feed positions, one each time tickets changed; it ends at shutdown.
    public func subscribe() -> (id: UUID, changes: AsyncStream<Int64>) {
        let (stream, continuation) = AsyncStream<Int64>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        if closed { continuation.finish() } else { listeners[id] = continuation }
        return (id, stream)
    }

    /// How many pages listen now.
    public var listening: Int { listeners.count }

    public func unsubscribe(_ id: UUID) {
        listeners.removeValue(forKey: id)?.finish()
        if listeners.isEmpty { cursor = nil }
    }

    /// One look at the feed; a failed read waits for the next. One at a time: the actor lets a second call in
    /// while the first awaits the store, where both would announce the same change; the second waits its turn
    /// and then sees the first's cursor.
    public func poll() async {
        if polling { await withCheckedContinuation { waiting.append($0) } }
        polling = true
        defer {
            // The turn passes straight to the next waiter, so no newcomer slips in between.
            if waiting.isEmpty { polling = false } else { waiting.removeFirst().resume() }
        }
        guard !listeners.isEmpty else { return }
        do {
            guard let seen = cursor else {
                cursor = try await store.latestIntegrationEventID()
                return
            }
            guard try await !store.integrationEvents(after: seen, limit: 1).isEmpty else { return }
            let latest = try await store.latestIntegrationEventID()
            // Everyone may have left meanwhile (the cursor is reset then).
            guard let current = cursor, latest > current else { return }
            cursor = latest
            for listener in listeners.values { listener.yield(latest) }
        } catch {
            return
        }
    }

    /// Polls until cancelled.
    public func run() async {
        while !Task.isCancelled {
            await poll()
            try? await Task.sleep(for: interval)
        }
    }

    /// Ends every stream (graceful shutdown), so the server does not wait on open pages.
    public func closeAll() {
        closed = true
        for listener in listeners.values { listener.finish() }
        listeners = [:]
    }
}
