import ArgumentParser
import Foundation
import TicketflowEncoder

extension ModelCommand {
    /// `ticketflow model distill-encoder`: static token vectors from the sentence encoder, for triage that must
    /// stay fast with encoder features.
    struct DistillEncoder: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "distill-encoder",
            abstract: "Distil static token vectors from the sentence encoder (Model2Vec): encoder features in µs.",
            discussion: """
                Runs every vocabulary token of --encoder through the transformer, keeps --dimensions principal \
                components and weights frequent tokens down (SIF). --out then works wherever an encoder \
                directory does (--encoder, encoder_dir): a text's vector is the mean of its tokens' vectors, \
                about 90× faster than the transformer and less precise (docs/triage.md). Needs no data; about \
                10 s on 2 cores with a release build. Example:
                  ticketflow model distill-encoder --encoder .build/encoder-model --out .build/static-encoder
                """
        )

        @Option(help: "Sentence-encoder model directory (scripts/fetch-encoder.sh DIR).") var encoder: String
        @Option(help: "Directory to write the static encoder to (created; its files are replaced).") var out: String
        @Option(help: "Principal components to keep (1 to the encoder's dimension).") var dimensions = 256

        func run() throws {
            let source = URL(fileURLWithPath: encoder)
            let model = try EncoderFeaturesSupport.transformer(encoder)
            guard dimensions >= 1 && dimensions <= model.dimension else {
                throw ValidationError("--dimensions must lie in 1...\(model.dimension) for this encoder")
            }
            let start = ContinuousClock.now
            let distilled = try StaticEncoder.distill(
                from: model, source: source, into: URL(fileURLWithPath: out), dimensions: dimensions
            ) { done, all in
                FileHandle.standardError.write(Data("  distilled \(done)/\(all) tokens\n".utf8))
            }
            print(
                "wrote \(out): identity=\(distilled.identity) dimension=\(distilled.dimension) "
                    + "source=\(distilled.source) "
                    + String(format: "seconds=%.1f", BenchSupport.seconds(since: start)))
        }
    }
}
