import Foundation
import Testing
import TicketflowTesting
import TicketflowTriage

/// The sentiment options of `model train` and `model eval`, over the real executable.
@Suite struct SentimentModelCLITests {
    static let rows = """
        text,sentiment
        "Thanks, the refund came through quickly",positive
        "Great help from your agent today",positive
        "Love the new dashboard",positive
        "Wonderful service, thank you",positive
        "How do I change my billing address?",neutral
        "Where can I download my invoice?",neutral
        "Please update the email on my account",neutral
        "What are your opening hours?",neutral
        "This is the worst service I have ever had",negative
        "I am angry, nobody answers my emails",negative
        "Terrible app, it crashes all the time",negative
        "Awful experience, I want my money back",negative
        """

    /// Writes the rows into `dir` and trains on them with `--polarity-scale`.
    static func train(polarityScale: String, in dir: String) async throws -> CLIRun.Result {
        try rows.write(toFile: dir + "/sentiment.csv", atomically: true, encoding: .utf8)
        return try await CLIRun.run(
            [
                "model", "train", "--data", "sentiment.csv", "--text-column", "text", "--label-column", "sentiment",
                "--out", "s.tfm", "--polarity-scale", polarityScale,
            ], in: dir)
    }

    @Test func trainTakesThePolarityLexiconAndEvalRunsTheStarterModels() async throws {
        try await withTemporaryDirectory { dir in
            let train = try await Self.train(polarityScale: "0.5", in: dir)
            #expect(train.status == 0, "\(train.stderr)")
            let model = try ModelFile.read(from: dir + "/s.tfm")
            #expect(model.header.polarity == PolarityFeatures(scale: 0.5))
            // The same rows scored by the starter sentiment model, which reads the lexicon too.
            let eval = try await CLIRun.run(
                [
                    "model", "eval", "--starter", "sentiment", "--data", "sentiment.csv", "--text-column", "text",
                    "--label-column", "sentiment", "--json",
                ], in: dir)
            #expect(eval.status == 0, "\(eval.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
            #expect(report?["rows"] as? Int == 12, "\(eval.stdout.prefix(300))")
            #expect((report?["accuracy"] as? Double ?? 0) >= 0.75, "\(eval.stdout.prefix(300))")
            // The pipeline's sentiment through the urgency rules; a category model cannot be scored so.
            let rules = try await CLIRun.run(
                [
                    "model", "eval", "--starter", "sentiment", "--data", "sentiment.csv", "--text-column", "text",
                    "--label-column", "sentiment", "--sentiment-rules",
                ], in: dir)
            #expect(rules.status == 0 && rules.stdout.contains("scored: the pipeline's sentiment"), "\(rules.stderr)")
            let category = try await CLIRun.run(
                [
                    "model", "eval", "--starter", "category", "--data", "sentiment.csv", "--text-column", "text",
                    "--label-column", "sentiment", "--sentiment-rules",
                ], in: dir)
            #expect(category.status == 1 && category.stderr.contains("need a sentiment model"), "\(category.stderr)")
        }
    }

    @Test func badOptionsAreRefusedWithTheirUsage() async throws {
        try await withTemporaryDirectory { dir in
            let zero = try await Self.train(polarityScale: "0", in: dir)
            #expect(zero.status == 64)
            #expect(zero.stderr.hasPrefix("error: --polarity-scale must be a positive number"), "\(zero.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/s.tfm"))
            let both = try await CLIRun.run(
                ["model", "eval", "--starter", "sentiment", "--model", "s.tfm", "--data", "sentiment.csv"], in: dir)
            #expect(both.status == 64 && both.stderr.contains("give one of --model and --starter"), "\(both.stderr)")
            let neither = try await CLIRun.run(["model", "eval", "--data", "sentiment.csv"], in: dir)
            #expect(neither.status == 64, "\(neither.stderr)")
            let columns = try await CLIRun.run(
                ["model", "eval", "--starter", "sentiment", "--data", "sentiment.csv"], in: dir)
            #expect(columns.status == 64 && columns.stderr.contains("--text-column"), "\(columns.stderr)")
            let kind = try await CLIRun.run(
                ["model", "eval", "--starter", "mood", "--data", "sentiment.csv"], in: dir)
            #expect(kind.status == 64, "\(kind.stderr)")
        }
    }
}
