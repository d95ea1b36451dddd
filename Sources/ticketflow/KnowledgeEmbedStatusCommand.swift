import ArgumentParser
import Foundation
import Logging
import TicketflowApp
import TicketflowKnowledge

extension KnowledgeCommand {
    /// `ticketflow kb embed-status`: how far the background embedding has got.
    struct EmbedStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embed-status",
            abstract: "Show how many knowledge-base chunks have a vector from the sentence encoder.",
            discussion: """
                A server with encoder_dir embeds new and changed chunks in the background (kb.embed jobs on \
                the work queue) and stores the vectors with the encoder's identity, 64 chunks at a time; this \
                counts them against the chunks of every article, so it shows the job's progress as it runs. \
                Waiting chunks are new, changed or not yet embedded with this encoder; obsolete vectors \
                belong to another encoder or to a chunk's old content.
                """)

        @OptionGroup var store: StoreOptions
        @Option(
            help: ArgumentHelp(
                "The sentence-encoder model directory (default: encoder_dir / TICKETFLOW_ENCODER_DIR).",
                valueName: "dir"))
        var encoder: String?
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            let configuration = try store.resolve { configuration in
                if let encoder { configuration.encoderDirectory = encoder }
            }
            guard configuration.encoderDirectory != nil else {
                throw CLIFailure(
                    "no sentence encoder is configured, so nothing is embedded",
                    hint: "pass --encoder DIR, or set encoder_dir / TICKETFLOW_ENCODER_DIR")
            }
            let status = try await AppServices.with(
                configuration, logger: LoggingBootstrap.logger(level: .warning)
            ) { services in
                let stamps = try await services.store.chunkVectorStamps()
                let model = services.engines.encoder?.chunkVectorModel ?? ""
                return services.engines.knowledge.index.embeddingStatus(stamps: stamps, model: model)
            }
            if json { print(try CLIJSON.string(status)); return }
            print("encoder \(status.model)")
            print(
                "embedded \(status.embedded) of \(status.chunks) chunks (\(Int((status.fraction * 100).rounded(.down)))%), "
                    + "\(status.waiting) waiting, \(status.obsolete) obsolete vectors")
        }
    }
}
