import ArgumentParser
import Foundation
import TicketflowAnswering
import TicketflowCore
import TicketflowDatasets
import TicketflowLLM
import TicketflowText

extension BenchCommand {
    /// `ticketflow bench translation`: the pipeline's translator and its check on texts with a human
    /// translation, both ways.
    struct Translation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translation",
            abstract: "Measure the LLM translator and the translation check on gettext catalogs.",
            discussion: """
                Reads the `locale/<code>/LC_MESSAGES/*.po` catalogs under --catalogs for each of --languages and \
                takes --sample entries per language with at least --min-letters letters (spread over the \
                catalogs by a hash, the same ones every run). Each is translated into English (the translation \
                stage's direction) and its English id into the language (the answer's direction) by the \
                pipeline's translator, then checked as the pipeline checks it. Reports, per direction: how often \
                the check passes, chrF against the human translation next to chrF of the untranslated text (what \
                translating adds), latency and tokens per call.
                """)

        @Option(help: "Directory with the catalogs (e.g. an unpacked sphinx wheel).")
        var catalogs: String
        @Option(help: "Comma-separated language codes.")
        var languages = "es,de,fr"
        @Option(help: "Entries per language.")
        var sample = 10
        @Option(help: "Fewest letters in an entry's English text.")
        var minLetters = 30
        @Option(
            help: ArgumentHelp(
                "An OpenAI-compatible endpoint (…/v1); the key, if any, is read from TICKETFLOW_LLM_API_KEY.",
                valueName: "url"))
        var llm: String
        @Option(help: "The model name sent to the endpoint.") var llmModel = "gpt-4o-mini"
        @Option(help: "Seconds per LLM attempt.") var llmTimeout = 120.0

        /// One direction's tally.
        struct Tally {
            var texts = 0
            var passed = 0
            var failed = 0
            var chrF: [Double] = []
            /// chrF of the translations the check let through: whether it tells good from bad.
            var passedChrF: [Double] = []
            var untranslated: [Double] = []
            var milliseconds: [Double] = []
            var tokens: [Double] = []
            var problems: [String: Int] = [:]
        }

        func validate() throws { try LLMBenchOptions.check(llm: llm, timeout: llmTimeout) }

        func run() async throws {
            var settings = LLMConfiguration(
                baseURL: llm, model: llmModel, apiKey: ProcessInfo.processInfo.environment["TICKETFLOW_LLM_API_KEY"])
            settings.requestTimeout = llmTimeout
            settings.maxRetries = 0
            let client = OpenAIClient(configuration: settings)
            let translator = LLMTranslator(client: client)
            let check = TranslationCheck()
            let codes = languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var into = Tally()
            var outOf = Tally()
            // Every language's texts first, so a wrong path or code fails before any call.
            let samples = try codes.map {
                try Self.pairs(under: catalogs, language: $0, minLetters: minLetters, sample: sample)
            }
            print("translator: \(translator.engineName); \(codes.count) languages × up to \(sample) texts, both ways")
            for (code, pairs) in zip(codes, samples) {
                var languageInto = Tally()
                var languageOut = Tally()
                for pair in pairs {
                    await Self.measure(
                        pair.translation, from: code, to: "en", reference: pair.english, translator: translator,
                        check: check, into: &languageInto)
                    await Self.measure(
                        pair.english, from: "en", to: code, reference: pair.translation, translator: translator,
                        check: check, into: &languageOut)
                }
                print(Self.line("\(code) → en", languageInto) + "\n" + Self.line("en → \(code)", languageOut))
                into.merge(languageInto)
                outOf.merge(languageOut)
            }
            print(Self.line("all → en", into) + "\n" + Self.line("en → all", outOf))
            var problems = into.problems
            problems.merge(outOf.problems, uniquingKeysWith: +)
            let common = problems.sorted { $0.value > $1.value }.prefix(6).map { "\($0.key) \($0.value)" }
            print("check failures, most common: \(common.isEmpty ? "none" : common.joined(separator: "; "))")
        }

        static func measure(
            _ text: String, from source: String, to target: String, reference: String, translator: LLMTranslator,
            check: TranslationCheck, into tally: inout Tally
        ) async {
            tally.texts += 1
            tally.untranslated.append(CharacterFScore.score(text, reference: reference))
            let ledger = UsageLedger()
            let started = ContinuousClock.now
            do {
                let translated = try await UsageLedger.$current.withValue(ledger) {
                    try await translator.translate(text, from: source, to: target)
                }
                tally.milliseconds.append(1000 * BenchSupport.seconds(since: started))
                tally.tokens.append(
                    Double(ledger.recorded.map { $0.usage.promptTokens + $0.usage.completionTokens }.reduce(0, +)))
                tally.chrF.append(CharacterFScore.score(translated, reference: reference))
                let problems = check.problems(original: text, translation: translated, into: target)
                if problems.isEmpty {
                    tally.passed += 1
                    tally.passedChrF.append(tally.chrF.last ?? 0)
                }
                for problem in problems {
                    // "lost '5'" and "written in it, not es" grouped by kind, not by value.
                    let kind =
                        problem.hasPrefix("lost")
                        ? "lost a kept token"
                        : problem.hasPrefix("written in")
                            ? "wrong language" : problem.contains("letters for") ? "length out of proportion" : problem
                    tally.problems[kind, default: 0] += 1
                }
            } catch {
                tally.failed += 1
                tally.chrF.append(0)
                let code = (error as? LLMError)?.code.rawValue ?? "error"
                tally.problems["call failed: \(code)", default: 0] += 1
            }
        }

        static func line(_ label: String, _ tally: Tally) -> String {
            func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
            let sorted = tally.milliseconds.sorted()
            let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            return String(
                format:
                    "%@\ttexts %d\tcheck passed %d (%.0f%%)\tcalls failed %d\tchrF %.1f (untranslated %.1f, passed %.1f)\tp50 %.0f ms\ttokens/call %.0f",
                label, tally.texts, tally.passed, 100 * Double(tally.passed) / Double(max(tally.texts, 1)),
                tally.failed,
                mean(tally.chrF), mean(tally.untranslated), mean(tally.passedChrF), median, mean(tally.tokens))
        }

        /// (English id, translation) pairs of one language, `sample` of them spread by a hash of the id.
        static func pairs(
            under directory: String, language: String, minLetters: Int, sample: Int
        ) throws -> [(english: String, translation: String)] {
            var pairs: [String: String] = [:]
            for catalog in try Language.catalogEntries(under: directory) where catalog.code == language {
                for entry in catalog.entries {
                    let english = GettextCatalog.plainText(entry.source)
                    let translation = GettextCatalog.plainText(entry.translation)
                    guard english.filter(\.isLetter).count >= minLetters, !translation.isEmpty else { continue }
                    pairs[english] = translation
                }
            }
            guard !pairs.isEmpty else {
                throw CLIFailure(
                    "no '\(language)' catalog entries under \(directory)", hint: "check --languages and --catalogs")
            }
            return pairs.sorted { FNV1a.hash64(Data($0.key.utf8)) < FNV1a.hash64(Data($1.key.utf8)) }
                .prefix(sample).map { ($0.key, $0.value) }
        }
    }
}

extension BenchCommand.Translation.Tally {
    mutating func merge(_ other: Self) {
        texts += other.texts
        passed += other.passed
        failed += other.failed
        chrF += other.chrF
        untranslated += other.untranslated
        passedChrF += other.passedChrF
        milliseconds += other.milliseconds
        tokens += other.tokens
        problems.merge(other.problems, uniquingKeysWith: +)
    }
}
