import Foundation
import Testing
@testable import TicketflowTriage
import TicketflowText

@Suite struct FeatureTests {
    let normalizer = TextNormalizer()

    @Test func foldsCaseAndCompatibilityForms() {
        #expect(normalizer.normalize("HELLO World").tokens == ["hello", "world"])
        // NFKC turns the "ﬁ" ligature into "fi" and fullwidth letters into ASCII.
        #expect(normalizer.normalize("ﬁle ＡＢＣ").tokens == ["file", "abc"])
        #expect(normalizer.normalize("Straße").tokens == normalizer.normalize("STRASSE").tokens)
    }

    @Test func replacesEmailsUrlsNumbersAndIds() {
        let tokens = normalizer.normalize(
            "Mail bob@example.com or see https://x.io/a, order 3707955617, qty 3, ref AB12CD34"
        ).tokens
        #expect(tokens == ["mail", "<email>", "or", "see", "<url>", "order", "<id>", "qty", "<num>", "ref", "<id>"])
    }

    @Test func keepsExclamationAndQuestionMarksAsTokens() {
        let tokens = normalizer.normalize("why?? now!!").tokens
        #expect(tokens == ["why", "?", "now", "!", "!!"])
    }

    @Test func hashingIsStableAndCountsNgrams() {
        let hasher = FeatureHasher(config: FeatureConfig())
        let features = hasher.features(of: normalizer.normalize("ab cd"))
        // Two unigrams and one bigram.
        #expect(features.wordBuckets.count == 3)
        // " ab " has length 4: 3 bigrams + 2 trigrams + 1 four-gram, same for " cd ".
        #expect(features.charBuckets.count == 12)
        #expect(hasher.features(of: normalizer.normalize("ab cd")).charBuckets == features.charBuckets)
        // Golden values (the unigram cross-checked with an independent Python
        // FNV-1a + Murmur3 finaliser): a model file written today must read the same tomorrow.
        #expect(hasher.features(of: normalizer.normalize("refund please")).wordBuckets == [340051, 873252, 263814])
    }

    @Test func typedTokensGetNoCharacterNgrams() {
        let hasher = FeatureHasher(config: FeatureConfig())
        let features = hasher.features(of: normalizer.normalize("12345"))
        #expect(features.wordBuckets.count == 1)
        #expect(features.charBuckets.isEmpty)
    }

    @Test func vectorsAreTfidfWeightedAndBlockNormalised() throws {
        let (space, _) = FeatureSpace.learn(
            texts: ["refund my order", "reset my password", "refund refund"], config: FeatureConfig())
        let vector = space.vector(for: "refund my order")
        // Word block and char block are each unit length, so the total squared norm is 2.
        #expect(abs(vector.squaredNorm - 2) < 1e-4)
        // Unseen text has no known buckets at all.
        #expect(space.vector(for: "zzzz").indices.isEmpty)
        // "my" is in two of three texts, "order" in one: smoothed IDF ln((1+n)/(1+df)) + 1.
        let myColumn = try #require(space.vector(for: "my").indices.first)
        let orderColumn = try #require(space.vector(for: "order").indices.first)
        #expect(abs(Double(space.idf[Int(myColumn)]) - (log(4.0 / 3.0) + 1)) < 1e-5)
        #expect(abs(Double(space.idf[Int(orderColumn)]) - (log(4.0 / 2.0) + 1)) < 1e-5)
    }
}
