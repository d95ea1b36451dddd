import Foundation
import Testing
import TicketflowTesting

/// Mistakes a person makes on the command line (found by scripts/cli_fuzz.py):
/// each gets one `error:` line that says what to fix and a non-zero exit.
@Suite struct CLIMistakesTests {
    /// A knowledge-base folder in `dir` with one article, `refunds`.
    static func knowledgeFolder(in dir: String) throws -> String {
        let folder = dir + "/kb"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("# Refunds\n\nRefunds take five days.\n".utf8).write(to: URL(fileURLWithPath: folder + "/refunds.md"))
        return folder
    }

    @Test func deletingAnUnknownArticleNamesIt() async throws {
        try await withTemporaryDirectory { dir in
            let folder = try Self.knowledgeFolder(in: dir)
            let data = ["--data-dir", dir + "/data"]
            let imported = try await CLIRun.run(["kb", "import", folder] + data, in: dir)
            #expect(imported.status == 0, "\(imported.stderr)")

            let deleted = try await CLIRun.run(["kb", "delete", "refunds", "refunds", "no-such", ""] + data, in: dir)
            #expect(deleted.status == 1)
            #expect(deleted.stdout == "deleted 1 of 3\n")
            #expect(
                deleted.stderr
                    == "error: no article with the id 'no-such', '' (`ticketflow kb list` shows the ids)\n")
            let again = try await CLIRun.run(["kb", "delete", "refunds"] + data, in: dir)
            #expect(again.status == 1 && again.stderr.contains("no article with the id 'refunds'"), "\(again.stderr)")
        }
    }

    /// An id pasted with an escape sequence is shown as text in the error, not obeyed by the terminal.
    @Test func errorLinesShowControlCharactersAsText() async throws {
        try await withTemporaryDirectory { dir in
            let shown = try await CLIRun.run(
                ["kb", "show", "\u{1B}[31mred\r"] + ["--data-dir", dir + "/data"], in: dir)
            #expect(shown.status == 1)
            #expect(
                shown.stderr == #"error: no article with the id '\x1B[31mred\r' (`ticketflow kb list` shows the ids)"#
                    + "\n")
            let doctor = try await CLIRun.run(
                ["doctor", "--offline", "--data-dir", dir + "/data"], in: dir,
                environment: ["TICKETFLOW_QUEUE_WORKER": "yes\nOK    store: fine"])
            #expect(doctor.status == 1)
            #expect(doctor.stdout.contains(#"got 'yes\nOK    store: fine'"#), "\(doctor.stdout)")
            // ArgumentParser's own messages echo the value too.
            let usage = try await CLIRun.run(
                ["ticket", "list", "--limit", "\u{1B}[2J5", "--data-dir", "data"], in: dir)
            #expect(usage.status == 64)
            #expect(
                usage.stderr.hasPrefix(#"error: The value '\x1B[2J5' is invalid for '--limit <limit>'"#),
                "\(usage.stderr)")
        }
    }

    /// `--llm` was checked as the setting and named `llm_base_url`, which the command line never gave.
    @Test func llmFlagsAreNamedAsFlags() async throws {
        try await withTemporaryDirectory { dir in
            let pipeline = try await CLIRun.run(
                [
                    "bench", "pipeline", "--kb", dir, "--tickets", dir + "/t.csv", "--text-column", "text", "--llm",
                    "http://",
                ],
                in: dir)
            #expect(pipeline.status == 64)
            #expect(
                pipeline.stderr.hasPrefix(
                    "error: --llm must be an http:// or https:// URL with a host (…/v1), got 'http://'\n"))
            let translation = try await CLIRun.run(
                ["bench", "translation", "--catalogs", dir, "--llm", "http://127.0.0.1:1/v1", "--llm-timeout=0"],
                in: dir)
            #expect(translation.status == 64)
            #expect(
                translation.stderr.hasPrefix(
                    "error: --llm-timeout must be a positive number of seconds, at most 3600, got 0.0\n"))
            // Found by scripts/cli_fuzz.py (seed 73): 1e20 s overflowed the sleep that enforces it, a trap.
            for huge in ["99999999999999999999", "inf", "3601"] {
                let run = try await CLIRun.run(
                    [
                        "bench", "translation", "--catalogs", dir, "--llm", "http://127.0.0.1:1/v1", "--llm-timeout",
                        huge,
                    ],
                    in: dir)
                #expect(run.status == 64, "\(huge)")
                #expect(run.stderr.hasPrefix("error: --llm-timeout must be a positive number of seconds"), "\(huge)")
            }
        }
    }

    /// Found by scripts/cli_fuzz.py: C = inf trained, then failed to write with Swift's
    /// EncodingError; C ≤ 0 or a NaN weight wrote a nonsense model.
    @Test func modelWeightsMustBePositiveNumbers() async throws {
        try await withTemporaryDirectory { dir in
            let rows =
                ["text,label"] + (1...4).flatMap { ["refund my card \($0),billing", "where is parcel \($0),shipping"] }
            try rows.joined(separator: "\n").write(toFile: dir + "/rows.csv", atomically: true, encoding: .utf8)
            let train = ["model", "train", "--data", "rows.csv", "--text-column", "text", "--label-column", "label"]
            for (flag, value) in [("--c", "inf"), ("--c", "0"), ("--encoder-scale", "nan")] {
                let refused = try await CLIRun.run(train + ["--out", "m.json", "\(flag)=\(value)"], in: dir)
                #expect(refused.status == 64 && refused.stderr.hasPrefix("error: \(flag) must be a positive number"))
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/m.json"))
            let bench = try await CLIRun.run(
                [
                    "model", "bench", "--data", "rows.csv", "--test", "rows.csv", "--text-column", "text",
                    "--label-column", "label", "--repeats=0",
                ], in: dir)
            #expect(bench.status == 64 && bench.stderr.hasPrefix("error: --repeats must be at least 1, got 0"))
        }
    }

    /// Found by scripts/cli_fuzz.py: `--pad-docs 2147483648` asked for 100 GB at once and trapped.
    @Test func aHugeDistractorCountIsRefused() async throws {
        try await withTemporaryDirectory { dir in
            let eval = try await CLIRun.run(
                [
                    "kb", "eval", "--docs", "d.jsonl", "--queries", "q.jsonl", "--qrels", "r.tsv", "--pad-docs",
                    "2147483648",
                ],
                in: dir)
            #expect(eval.status == 64)
            #expect(
                eval.stderr.hasPrefix("error: --pad-docs must be 0 to 10000000, got 2147483648\n"), "\(eval.stderr)")
        }
    }

    /// Found by scripts/cli_fuzz.py (seed 53): any --base-url was taken, so the printed links opened nothing.
    @Test func ratingLinksNeedAWebBaseURL() async throws {
        try await withTemporaryDirectory { dir in
            let links = try await CLIRun.run(
                ["ticket", "rating-links", "1", "--base-url", "postgres://u:secret-pw@[::1", "--data-dir", "data"],
                in: dir)
            #expect(links.status == 64)
            #expect(
                links.stderr.hasPrefix(
                    "error: --base-url must be the server's public http:// or https:// address, got 'postgres://***@[::1'\n"
                ),
                "\(links.stderr)")
        }
    }

    @Test func aJSONImportWithABadFileStillSaysSoOnStderr() async throws {
        try await withTemporaryDirectory { dir in
            let folder = try Self.knowledgeFolder(in: dir)
            try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: folder + "/broken.md"))
            let run = try await CLIRun.run(["kb", "import", folder, "--json", "--data-dir", dir + "/data"], in: dir)
            #expect(run.status == 2)
            #expect(run.stderr.hasSuffix("error: 1 file skipped (listed under \"errors\")\n"), "\(run.stderr)")
            let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect(summary?["created"] as? Int == 1)
            #expect((summary?["errors"] as? [String])?.count == 1)
        }
    }

    @Test func fileSystemMistakesSayWhatIsWrong() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir + "/notes.txt"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            let dataIsAFile = try await CLIRun.run(["token", "list", "--data-dir", file], in: dir)
            #expect(dataIsAFile.status == 1)
            #expect(dataIsAFile.stderr.hasPrefix("error: the data directory \(file) is a file, not a folder"))

            let outIsAFolder = try await CLIRun.run(
                ["export", "training-data", "--data-dir", dir + "/data", "--out", dir], in: dir)
            #expect(outIsAFolder.status == 1)
            #expect(outIsAFolder.stderr == "error: cannot write \(dir): is a directory\n")
        }
    }
}
