import Foundation

/// Remembers the index term of each word already seen (its stem, or "" for a stop word). A help center has a few tens of
/// thousands of distinct words but millions of tokens, so stemming each word
/// once makes indexing and querying several times faster. Shared by copies of
/// a `Tokenizer` across tasks; a lock guards it and a size cap bounds memory.
final class StemCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stems: [String: String] = [:]
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// The cached term for `word`, computing and remembering it on a miss.
    func term(for word: String, compute: (String) -> String) -> String {
        lock.lock()
        let cached = stems[word]
        lock.unlock()
        if let cached { return cached }
        let stem = compute(word)
        lock.lock()
        // Past the cap, new words are stemmed each time rather than evicting: simple and bounded.
        if stems.count < capacity { stems[word] = stem }
        lock.unlock()
        return stem
    }
}
