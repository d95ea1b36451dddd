import Foundation
import TicketflowCore

/// Something a connected widget is told.
public enum ChatEvent: Sendable, Equatable {
    case message(ChatMessage)
    case thinking(Bool)
    case handover(ChatHandover)
    case state(ChatConversation)
    case token(String)
    /// The answer being written so far, as far as it passed its checks (`TicketContext.customerPreviewSink`).
    case preview(String)
}

/// Pushes what changes in live conversations to the widgets connected to this node.
///
/// Every node polls one cheap query, when each watched ticket last changed, and
/// reloads only the tickets whose stamp moved. So an agent's reply written on
/// another node, or an answer from the work queue, reaches the visitor within one
/// interval, on SQLite and PostgreSQL alike, and a missed notification cannot leave a
/// widget stale: the next poll sees the stamp. Writes on this node refresh at once.
public actor ChatHub {
    /// One connection's view: what it has been shown, so each is told only what is new to it.
    struct Subscriber {
        var continuation: AsyncStream<ChatEvent>.Continuation
        var known: Set<Int64>
        var waiting: Bool
        var handover: Bool
        var withAgent: Bool
        /// The preview of the answer being written that this connection shows (it only grows), nil when none.
        var preview: String?
        /// The newest customer message this connection has shown: a preview of an answer to an older one
        /// belongs to an answer that will not be stored.
        var latestQuestion: Int64

        init(_ continuation: AsyncStream<ChatEvent>.Continuation, snapshot: ChatConversation) {
            self.continuation = continuation
            known = Set(snapshot.messages.map(\.id))
            waiting = snapshot.waitingForAnswer
            handover = snapshot.handover != nil
            withAgent = snapshot.withAgent
            latestQuestion = snapshot.messages.last { $0.author == .customer }?.id ?? 0
        }
    }

    struct Watch {
        var subscribers: [UUID: Subscriber] = [:]
        var stamp: Date?
    }

    private var watches: [Int64: Watch] = [:]
    /// Connections of visitors who have not written yet, by visitor id.
    private var waitingVisitors: [String: [UUID: Subscriber]] = [:]
    private let stamps: @Sendable ([Int64]) async throws -> [Int64: Date]
    private let load: @Sendable (Int64) async throws -> Loaded?
    private let interval: Duration

    /// One conversation as `load` reads it: when it last changed (its preview included), and the preview of
    /// an answer being written on any node (`AnswerPreviewStore`).
    public struct Loaded: Sendable {
        public var stamp: Date
        public var conversation: ChatConversation
        public var preview: StoredAnswerPreview?

        public init(stamp: Date, conversation: ChatConversation, preview: StoredAnswerPreview? = nil) {
            self.stamp = stamp
            self.conversation = conversation
            self.preview = preview
        }
    }

    /// `stamps` reads when tickets last changed; `load` reads one conversation.
    public init(
        interval: Duration = .milliseconds(250),
        stamps: @escaping @Sendable ([Int64]) async throws -> [Int64: Date],
        load: @escaping @Sendable (Int64) async throws -> Loaded?
    ) {
        self.interval = interval
        self.stamps = stamps
        self.load = load
    }

    /// Connections of one visitor on this node (tabs), for the per-visitor limit.
    public func connections(ofVisitor visitor: String, ticketID: Int64?) -> Int {
        (waitingVisitors[visitor]?.count ?? 0) + (ticketID.flatMap { watches[$0]?.subscribers.count } ?? 0)
    }

    /// A stream of what happens next in the conversation whose `snapshot` the connection has shown.
    public func subscribe(
        ticketID: Int64?, visitor: String, snapshot: ChatConversation
    ) -> (
        id: UUID, events: AsyncStream<ChatEvent>
    ) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<ChatEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.unsubscribe(id) }
        }
        let subscriber = Subscriber(continuation, snapshot: snapshot)
        if let ticketID {
            watches[ticketID, default: Watch()].subscribers[id] = subscriber
            // Anything written between the snapshot and now.
            Task { await self.refresh(ticketID) }
        } else {
            waitingVisitors[visitor, default: [:]][id] = subscriber
        }
        return (id, stream)
    }

    /// Forgets a connection.
    public func unsubscribe(_ id: UUID) {
        for (ticketID, var watch) in watches where watch.subscribers[id] != nil {
            watch.subscribers[id] = nil
            watches[ticketID] = watch.subscribers.isEmpty ? nil : watch
        }
        for (visitor, var subscribers) in waitingVisitors where subscribers[id] != nil {
            subscribers[id] = nil
            waitingVisitors[visitor] = subscribers.isEmpty ? nil : subscribers
        }
    }

    /// A write on this node: `visitor`'s first message may have opened `ticketID`, and the
    /// conversation is pushed now rather than at the next poll.
    public func changed(ticketID: Int64, visitor: String?, token: String? = nil) async {
        if let visitor, let waiting = waitingVisitors.removeValue(forKey: visitor) {
            for (id, subscriber) in waiting {
                if let token { subscriber.continuation.yield(.token(token)) }
                watches[ticketID, default: Watch()].subscribers[id] = subscriber
            }
        }
        await refresh(ticketID)
    }

    /// Where the answering stage sends the checked preview of an answer for `ticketID`: to the widgets
    /// watching it on this node at each moment (widgets on other nodes read it from the store, if it is
    /// saved there, at their next poll).
    public func previewSink(ticketID: Int64, question: Int64) -> AnswerTextSink {
        { text in await self.preview(text, ticketID: ticketID, question: question) }
    }

    func preview(_ text: String, ticketID: Int64, question: Int64) {
        guard var watch = watches[ticketID] else { return }
        for (id, var subscriber) in watch.subscribers where subscriber.latestQuestion <= question {
            if subscriber.shows(preview: text) { watch.subscribers[id] = subscriber }
        }
        watches[ticketID] = watch
    }

    /// Ends every connection's stream (graceful shutdown): sockets close and the widgets reconnect elsewhere.
    public func closeAll() {
        for watch in watches.values { for subscriber in watch.subscribers.values { subscriber.continuation.finish() } }
        for visitors in waitingVisitors.values {
            for subscriber in visitors.values { subscriber.continuation.finish() }
        }
        watches = [:]
        waitingVisitors = [:]
    }

    /// Polls until cancelled.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await poll()
        }
    }

    /// Reloads every watched ticket whose stamp moved since it was last read.
    public func poll() async {
        let ids = Array(watches.keys)
        guard !ids.isEmpty, let current = try? await stamps(ids) else { return }
        let moved = current.filter { watches[$0.key] != nil && watches[$0.key]?.stamp != $0.value }.map(\.key)
        await withTaskGroup(of: Void.self) { group in
            for id in moved { group.addTask { await self.refresh(id) } }
        }
    }

    /// Reads the conversation and tells each connection what it has not seen.
    func refresh(_ ticketID: Int64) async {
        guard watches[ticketID] != nil, let loaded = try? await load(ticketID), var watch = watches[ticketID] else {
            return
        }
        let conversation = loaded.conversation
        watch.stamp = loaded.stamp
        for (id, var subscriber) in watch.subscribers {
            for message in conversation.messages where !subscriber.known.contains(message.id) {
                subscriber.known.insert(message.id)
                subscriber.continuation.yield(.message(message))
                // A new question: the answer being previewed, if any, will not be stored.
                if message.author == .customer {
                    subscriber.preview = nil
                    subscriber.latestQuestion = max(subscriber.latestQuestion, message.id)
                }
            }
            if conversation.waitingForAnswer != subscriber.waiting {
                subscriber.waiting = conversation.waitingForAnswer
                subscriber.continuation.yield(.thinking(conversation.waitingForAnswer))
            }
            if let handover = conversation.handover, !subscriber.handover {
                subscriber.continuation.yield(.handover(handover))
            }
            subscriber.handover = conversation.handover != nil
            if conversation.withAgent != subscriber.withAgent {
                subscriber.withAgent = conversation.withAgent
                subscriber.continuation.yield(.state(conversation))
            }
            // A preview written on another node; one already pushed from this node is not sent again.
            if !conversation.waitingForAnswer {
                subscriber.preview = nil
            } else if let preview = loaded.preview, preview.questionID >= subscriber.latestQuestion {
                subscriber.shows(preview: preview.text)
            }
            watch.subscribers[id] = subscriber
        }
        watches[ticketID] = watch
    }
}

extension ChatHub.Subscriber {
    /// Sends `text` as the preview unless this connection shows as much already (a preview only grows while
    /// its answer is written; the poll may read an older one than this node pushed). Returns whether it sent.
    @discardableResult
    mutating func shows(preview text: String) -> Bool {
        guard text.count > (preview?.count ?? 0) else { return false }
        preview = text
        continuation.yield(.preview(text))
        return true
    }
}
