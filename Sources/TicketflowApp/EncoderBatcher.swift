import Dispatch
import Synchronization
import TicketflowEncoder

/// Encodes the texts of concurrent callers together. The encoder costs about 9.7 ms of CPU for one sentence
/// alone and 3.6 ms a sentence in a batch (it streams its weights once per pass, docs/benchmarks.md), and under
/// load every ticket's query arrives on its own.
///
/// Natural batching, no timer: while one pass runs, new texts queue; the next pass takes all that queued (up to
/// `maximumTexts`). A lone query never waits for company. Passes run one at a time on a queue of their own, off
/// the cooperative threads that serve requests; each pass uses the encoder's threads.
final class EncoderBatcher: Sendable {
    private struct Waiting: Sendable {
        var texts: [String]
        var continuation: CheckedContinuation<[[Float]], Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = false
    }

    let encoder: any TextEncoder
    /// Most texts one pass takes from the queue (a single larger call still runs whole).
    let maximumTexts: Int
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "ticketflow.encoder", qos: .userInitiated)

    init(encoder: any TextEncoder, maximumTexts: Int = 64) {
        self.encoder = encoder
        self.maximumTexts = maximumTexts
    }

    /// One vector per text, in order.
    func encode(_ texts: [String]) async -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(Waiting(texts: texts, continuation: continuation))
                guard !state.running else { return false }
                state.running = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let pass: [Waiting] = state.withLock { state in
                var taken: [Waiting] = []
                var count = 0
                while let next = state.waiting.first, taken.isEmpty || count + next.texts.count <= maximumTexts {
                    taken.append(state.waiting.removeFirst())
                    count += next.texts.count
                }
                if taken.isEmpty { state.running = false }
                return taken
            }
            guard !pass.isEmpty else { return }
            let vectors = encoder.encode(pass.flatMap(\.texts))
            var offset = 0
            for waiting in pass {
                waiting.continuation.resume(returning: Array(vectors[offset..<offset + waiting.texts.count]))
                offset += waiting.texts.count
            }
        }
    }
}
