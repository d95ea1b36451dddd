import Foundation
import Testing
import TicketflowTesting

/// `ticketflow bench translation` as a user runs it: a catalog on disk, the loopback OpenAI stub as the model.
@Suite struct TranslationBenchTests {
    static let catalog = #"""
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\n"

        msgid "The build finished with 3 warnings and no errors at all."
        msgstr "La compilación terminó con 3 advertencias y ningún error."

        msgid "Open the settings page and choose a new theme for the documentation."
        msgstr "Abra la página de configuración y elija un tema nuevo para la documentación."
        """#

    @Test func itReportsTheCheckAndChrFBothWaysAndRefusesAMissingCatalog() async throws {
        // The stub translates perfectly into Spanish and drops the number into English.
        let server = try await OpenAIStubServer.start(
            fallback: .choosing { body in
                if body.contains("from English into Spanish") {
                    return .reply(
                        body.contains("3 warnings")
                            ? #"{"translation": "La compilación terminó con 3 advertencias y ningún error."}"#
                            : #"{"translation": "Abra la página de configuración y elija un tema nuevo para la documentación."}"#
                    )
                }
                return .reply(
                    body.contains("compilación")
                        ? #"{"translation": "The build finished with some warnings and no errors at all."}"#
                        : #"{"translation": "Open the settings page and choose a new theme for the documentation."}"#)
            })
        defer { server.stop() }
        try await withTemporaryDirectory { dir in
            let folder = dir + "/sphinx/locale/es/LC_MESSAGES"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.catalog.write(toFile: folder + "/sphinx.po", atomically: true, encoding: .utf8)
            let run = try await CLIRun.run(
                [
                    "bench", "translation", "--catalogs", dir + "/sphinx", "--languages", "es", "--llm",
                    server.baseURL, "--llm-model", "stub-model",
                ], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            let into = try #require(lines.first { $0.hasPrefix("es → en") })
            let out = try #require(lines.first { $0.hasPrefix("en → es") })
            #expect(into.contains("texts 2\tcheck passed 1 (50%)"), "\(into)")
            #expect(out.contains("texts 2\tcheck passed 2 (100%)") && out.contains("chrF 100.0"), "\(out)")
            #expect(run.stdout.contains("check failures, most common: lost a kept token 1"), "\(run.stdout)")

            let missing = try await CLIRun.run(
                ["bench", "translation", "--catalogs", dir + "/none", "--llm", server.baseURL], in: dir)
            #expect(missing.status != 0 && missing.stderr.contains("cannot read \(dir)/none"), "\(missing.stderr)")
        }
    }
}
