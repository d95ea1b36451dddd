import Foundation
import TicketflowCore
import TicketflowText

/// A group of customer questions the knowledge base had nothing for: the article a lead should write next.
public struct KnowledgeGap: Sendable, Equatable {
    /// The words the questions share, most frequent first, as customers wrote them.
    public var terms: [String]
    /// The questions' tickets, newest first.
    public var questions: [HeldQuestion]
}

/// Groups `no_knowledge` questions by the content words they share. Greedy and small on purpose: a team sees a
/// few hundred such questions a month, and a lead reads the groups, so what matters is that they are few,
/// named by their words, and stable from one page load to the next (same input, same groups).
public enum KnowledgeGaps {
    /// A question joins a group when it shares at least this share of content words (Jaccard) with the
    /// group's first question.
    public static let minimumOverlap = 0.3

    public static func group(_ questions: [HeldQuestion], limit: Int = 10) -> [KnowledgeGap] {
        let stemmer = EnglishStemmer(.light)
        var surface: [String: [String: Int]] = [:]
        func words(_ question: HeldQuestion) -> Set<String> {
            var stems = Set<String>()
            for word in WordTokenizer.retrieval.words((question.subject + " " + question.body).lowercased())
            where !StopWords.topicless.contains(word) && !StopWords.english.contains(word) {
                let stem = stemmer.stem(word)
                stems.insert(stem)
                surface[stem, default: [:]][word, default: 0] += 1
            }
            return stems
        }
        var groups: [(seed: Set<String>, members: [(HeldQuestion, Set<String>)])] = []
        for question in questions {
            let stems = words(question)
            guard !stems.isEmpty else { continue }
            let home = groups.indices.first { index in
                let seed = groups[index].seed
                return Double(seed.intersection(stems).count) / Double(seed.union(stems).count) >= minimumOverlap
            }
            if let home {
                groups[home].members.append((question, stems))
            } else {
                groups.append((stems, [(question, stems)]))
            }
        }
        return groups.map { group in
            var counts: [String: Int] = [:]
            for (_, stems) in group.members { for stem in stems { counts[stem, default: 0] += 1 } }
            let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
            let terms = top.map { stem, _ in
                surface[stem]?.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? stem
            }
            return KnowledgeGap(terms: terms, questions: group.members.map(\.0))
        }
        .sorted { $0.questions.count > $1.questions.count }
        .prefix(limit).map { $0 }
    }
}
