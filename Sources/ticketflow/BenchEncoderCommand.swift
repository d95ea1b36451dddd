import ArgumentParser
import Foundation
import TicketflowCore
import TicketflowDatasets
import TicketflowEncoder

extension BenchCommand {
    /// `ticketflow bench encoder`: sentence-encoder speed, one sentence at a time and in batches of 256.
    struct Encoder: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encoder",
            abstract: "Measure the built-in sentence encoder: single-sentence latency and batch-of-256 throughput.",
            discussion: """
                Encodes the first --sentences texts of --data one at a time (sentences/s, p50 and p99 ms per \
                sentence), then the same texts in batches of 256 (sentences/s). scripts/bench-encoder.sh runs \
                this next to the numpy reference on the same sentences. Example:
                  ticketflow bench encoder --encoder .build/encoder-model --sentences 1000
                """
        )

        @Option(help: "Model directory (scripts/fetch-encoder.sh DIR puts all-MiniLM-L6-v2 there).") var encoder: String
        @Option(help: "Texts to encode: CSV, TSV or JSONL.") var data = "../shared/data/stackfaq/queries_test.jsonl"
        @Option(help: "Column holding the text.") var textColumn = "text"
        @Option(help: "How many texts to encode (0: all).") var sentences = 1000
        @Option(help: "Threads (default: the active processor count).") var threads: Int?

        func run() throws {
            var texts = try Table.read(path: data).values(of: textColumn)
            if sentences > 0 { texts = Array(texts.prefix(sentences)) }
            guard !texts.isEmpty else { throw CLIFailure("no texts in column \(textColumn) of \(data)") }
            let loadStart = ContinuousClock.now
            let model: any TextEncoder
            do {
                model = try TextEncoders.load(directory: URL(fileURLWithPath: encoder), threads: threads)
            } catch let error as EncoderError {
                throw CLIFailure(error.description, hint: "scripts/fetch-encoder.sh DIR fetches all-MiniLM-L6-v2")
            }
            print(
                "encoder identity=\(model.identity) dimension=\(model.dimension) "
                    + ((model as? SentenceEncoder).map { "threads=\($0.threads) " } ?? "")
                    + "blas_core=\(SentenceEncoder.blasCore) "
                    + String(format: "load_s=%.2f", BenchSupport.seconds(since: loadStart)))
            _ = model.encode(Array(texts.prefix(8)))  // warm-up: first-touch page faults, BLAS buffers
            var cpuStart = Self.cpuMilliseconds()
            var latencies: [Double] = []
            for text in texts {
                let start = ContinuousClock.now
                _ = model.encode([text])
                latencies.append(BenchSupport.seconds(since: start) * 1000)
            }
            let singleCPU = (Self.cpuMilliseconds() - cpuStart) / Double(texts.count)
            let percentile = { (p: Double) in SupportMetrics.percentile(latencies, p) ?? 0 }
            print(
                String(
                    format: "swift single sentences=%d sentences_per_s=%.1f p50_ms=%.3f p99_ms=%.3f cpu_ms=%.3f",
                    texts.count, Double(texts.count) * 1000 / latencies.reduce(0, +), percentile(50), percentile(99),
                    singleCPU))
            cpuStart = Self.cpuMilliseconds()
            let batchStart = ContinuousClock.now
            var batches = 0
            for start in stride(from: 0, to: texts.count, by: 256) {
                _ = model.encode(Array(texts[start..<min(start + 256, texts.count)]))
                batches += 1
            }
            print(
                String(
                    format: "swift batch256 sentences=%d batches=%d sentences_per_s=%.1f cpu_ms=%.3f", texts.count,
                    batches, Double(texts.count) / BenchSupport.seconds(since: batchStart),
                    (Self.cpuMilliseconds() - cpuStart) / Double(texts.count)))
        }

        /// CPU time this process has used, all threads: per sentence, it is the cost that does not depend on how
        /// busy the machine is.
        static func cpuMilliseconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
        }
    }
}
