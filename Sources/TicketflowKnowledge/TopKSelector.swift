/// Keeps the `k` best (id, score) pairs seen so far in a min-heap, so picking
/// the top 10 of 20,000 scored documents costs O(n log k), not a full sort.
struct TopKSelector {
    private(set) var heap: [(id: Int32, score: Float)] = []
    let k: Int

    init(k: Int) {
        self.k = max(0, k)
        heap.reserveCapacity(self.k)
    }

    /// Lower score is worse; on equal scores the higher id is worse, so results are deterministic.
    @inline(__always)
    private static func worse(_ a: (id: Int32, score: Float), _ b: (id: Int32, score: Float)) -> Bool {
        a.score < b.score || (a.score == b.score && a.id > b.id)
    }

    @inline(__always)
    mutating func offer(id: Int32, score: Float) {
        guard k > 0 else { return }
        let item = (id: id, score: score)
        if heap.count < k {
            heap.append(item)
            siftUp(heap.count - 1)
        } else if Self.worse(heap[0], item) {
            heap[0] = item
            siftDown(0)
        }
    }

    /// The kept pairs, best first.
    func sorted() -> [(id: Int32, score: Float)] {
        heap.sorted { Self.worse($1, $0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count, Self.worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count, Self.worse(heap[right], heap[worst]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
