import Foundation
import Synchronization

/// Remembers the index term of each word already seen (its stem, or "" for a
/// stop word). A help center has a few tens of thousands of distinct words but
/// millions of tokens, so stemming each word once makes indexing and querying
/// several times faster. Shared by copies of a `Tokenizer` across tasks; a
/// mutex guards it and a size cap bounds memory.
final class StemCache: Sendable {
    private let stems = Mutex<[String: String]>([:])
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The terms for many words under one lock acquisition; misses are computed
    /// outside the lock and remembered.
    func terms(for words: [String], compute: (String) -> String) -> [String] {
        var result = [String](repeating: "", count: words.count)
        var misses: [Int] = []
        stems.withLock { stems in
            for (index, word) in words.enumerated() {
                if let cached = stems[word] { result[index] = cached } else { misses.append(index) }
            }
        }
        guard !misses.isEmpty else { return result }
        for index in misses { result[index] = compute(words[index]) }
        stems.withLock { stems in
            for index in misses where stems.count < capacity { stems[words[index]] = result[index] }
        }
        return result
    }
}
