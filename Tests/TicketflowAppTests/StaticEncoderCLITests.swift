import Foundation
import Testing
import TicketflowApp
import TicketflowKnowledge
import TicketflowTesting
import TicketflowTriage

/// `model distill-encoder` over the real executable and the real all-MiniLM-L6-v2: the static directory it
/// writes works wherever an encoder directory does, and a model remembers which of the two it was trained with.
@Suite struct StaticEncoderCLITests {
    static let history = CLIRun.repositoryRoot.appendingPathComponent("demo/history.csv").path

    @Test func theDistilledDirectoryServesModelsAndServersLikeTheEncoder() async throws {
        let transformer = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let distill = try await CLIRun.run(
                ["model", "distill-encoder", "--encoder", transformer, "--out", "static", "--dimensions", "64"],
                in: dir)
            #expect(distill.status == 0, "\(distill.stderr)")
            #expect(distill.stdout.contains("identity=static-64@"), "\(distill.stdout)")

            let train = try await CLIRun.run(
                [
                    "model", "train", "--data", Self.history, "--text-column", "text", "--label-column", "category",
                    "--out", "m.tfm", "--encoder", "static",
                ], in: dir)
            #expect(train.status == 0, "\(train.stderr)")
            let model = try ModelFile.read(from: dir + "/m.tfm")
            #expect(model.header.encoder?.dimension == 64)
            #expect(model.header.encoder?.model.hasPrefix("static-64@") == true)

            let eval = try await CLIRun.run(
                ["model", "eval", "--model", "m.tfm", "--data", Self.history, "--encoder", "static", "--json"], in: dir)
            #expect(eval.status == 0, "\(eval.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
            #expect((report?["accuracy"] as? Double ?? 0) >= 0.9, "\(eval.stdout.prefix(300))")
            // The transformer is another encoder: its vectors do not fit a model trained on the static ones.
            let other = try await CLIRun.run(
                ["model", "eval", "--model", "m.tfm", "--data", Self.history, "--encoder", transformer], in: dir)
            #expect(other.status == 1 && other.stderr.contains("but the model was trained with static-64@"))

            // One text through the command line, with the model and its encoder; without the encoder it is refused.
            let triage = try await CLIRun.run(
                [
                    "triage", "I was charged two times on my card this month", "--model", "m.tfm", "--encoder",
                    "static",
                    "--json",
                ],
                in: dir)
            #expect(triage.status == 0, "\(triage.stderr)")
            let result = try JSONSerialization.jsonObject(with: Data(triage.stdout.utf8)) as? [String: Any]
            #expect(result?["category"] as? String == "billing", "\(triage.stdout.prefix(300))")
            #expect(result?["category_model_version"] as? String == model.header.version)
            let bare = try await CLIRun.run(["triage", "where is my parcel", "--model", "m.tfm"], in: dir)
            #expect(bare.status == 1 && bare.stderr.contains("trained with encoder features from static-64@"))

            // A server's encoder_dir takes the directory too: the provider embeds with the static vectors.
            let embeddings = try EncoderEmbeddings(directory: dir + "/static")
            let vectors = try await embeddings.embed(["where is my parcel", "reset my password"])
            #expect(embeddings.model == model.header.encoder?.model && vectors.map(\.count) == [64, 64])
            #expect(embeddings.denseWeight == HybridFusion.staticDenseWeight, "hybrid retrieval leans less on them")
        }
    }

    @Test func badRequestsAreRefusedWithAReason() async throws {
        let transformer = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            for dimensions in ["0", "385"] {
                let run = try await CLIRun.run(
                    [
                        "model", "distill-encoder", "--encoder", transformer, "--out", "static", "--dimensions",
                        dimensions,
                    ], in: dir)
                #expect(run.status == 64 && run.stderr.contains("--dimensions must lie in 1...384"), "\(run.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: dir + "/static"))
            let missing = try await CLIRun.run(
                ["model", "distill-encoder", "--encoder", "nowhere", "--out", "static"], in: dir)
            #expect(missing.status == 1 && missing.stderr.contains("cannot load the sentence encoder in nowhere"))
            // Never into the transformer's own directory (here links to its files): it stays as it was.
            let linked = dir + "/transformer"
            try FileManager.default.createDirectory(atPath: linked, withIntermediateDirectories: false)
            let files = try FileManager.default.contentsOfDirectory(atPath: transformer)
            for name in files {
                try FileManager.default.createSymbolicLink(
                    atPath: linked + "/" + name, withDestinationPath: transformer + "/" + name)
            }
            let into = try await CLIRun.run(
                ["model", "distill-encoder", "--encoder", "transformer", "--out", "transformer"], in: dir)
            #expect(into.status == 1 && into.stderr.contains("holds a transformer"), "\(into.stderr)")
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: linked)) == Set(files))
            // Distilling needs the transformer, not vectors already distilled from it.
            let distill = try await CLIRun.run(
                ["model", "distill-encoder", "--encoder", transformer, "--out", "static", "--dimensions", "8"],
                in: dir)
            #expect(distill.status == 0, "\(distill.stderr)")
            let again = try await CLIRun.run(
                ["model", "distill-encoder", "--encoder", "static", "--out", "again"], in: dir)
            #expect(again.status == 1 && again.stderr.contains("static holds static vectors, not a transformer"))
        }
    }
}
