import ArgumentParser
import Foundation
import TicketflowDatasets
import TicketflowText

extension BenchCommand {
    /// `ticketflow bench language`: trains the language identifier on one set of software translations and
    /// measures it on another.
    struct Language: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "language",
            abstract: "Train the language identifier on gettext catalogs and measure it on others.",
            discussion: """
                Reads every `locale/<code>/LC_MESSAGES/*.po` under --train and --test: the translations are \
                texts in <code>, the message ids English. Trains one profile per language found in both with \
                at least --min-train texts, then reports accuracy on the --test texts with at least \
                --min-letters letters, per language, and how often an English text would be taken for another \
                language by the pipeline's rule (margin --margin). --bitext adds that rate on English tickets \
                (a CSV with an `instruction` column). --write saves the profiles as the built-in Swift source.
                """)

        @Option(help: "Directory with the training catalogs (e.g. an unpacked django wheel).")
        var train: String
        @Option(help: "Directory with the evaluation catalogs (e.g. an unpacked sphinx wheel).")
        var test: String
        @Option(help: "N-grams kept per language.")
        var top = 1500
        @Option(help: "Fewest training texts for a language to be kept.")
        var minTrain = 400
        @Option(help: "Fewest letters in an evaluation text.")
        var minLetters = 20
        @Option(help: "Fewest evaluation texts for a language to count in the overall accuracy.")
        var minTest = 100
        @Option(help: "Margin per n-gram over English above which a text counts as foreign (the pipeline's rule).")
        var margin = LanguageRule.defaultMargin
        @Option(help: "English tickets to check for false alarms: a CSV with an `instruction` column.")
        var bitext: String?
        @Option(
            help: "Write the trained profiles to this Swift file (Sources/TicketflowText/LanguageProfileData.swift).")
        var write: String?

        func run() async throws {
            let trainTexts = try Self.texts(under: train)
            let testTexts = try Self.texts(under: test)
            let languages = trainTexts.keys.filter {
                (trainTexts[$0]?.count ?? 0) >= minTrain && testTexts[$0] != nil
            }.sorted()
            let profiles = LanguageIdentifier.train(
                Dictionary(uniqueKeysWithValues: languages.map { ($0, trainTexts[$0] ?? []) }), top: top)
            let identifier = LanguageIdentifier(profiles: profiles)
            print("languages: \(languages.count) (\(languages.joined(separator: " ")))")
            var right = 0
            var total = 0
            var confusions: [String: Int] = [:]
            var measured = 0
            for language in languages {
                let texts = (testTexts[language] ?? []).filter { $0.filter(\.isLetter).count >= minLetters }
                let guesses = texts.compactMap { identifier.identify($0)?.language }
                let correct = guesses.filter { $0 == language }.count
                if texts.count >= minTest {
                    for guess in guesses where guess != language { confusions["\(language)→\(guess)", default: 0] += 1 }
                    right += correct
                    total += texts.count
                    measured += 1
                }
                print(
                    String(
                        format: "%@\ttrain %5d\ttest %5d\taccuracy %.1f%%", language, trainTexts[language]?.count ?? 0,
                        texts.count, 100 * Double(correct) / Double(max(texts.count, 1))))
            }
            let sample = Array((testTexts["en"] ?? []).prefix(500) + (testTexts["fr"] ?? []).prefix(500))
            let took = ContinuousClock().measure { for text in sample { _ = identifier.identify(text) } }
            let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            print(
                String(
                    format: "identification: %.0f texts/s one at a time (%d texts, mean %.0f characters)",
                    Double(sample.count) / seconds, sample.count,
                    Double(sample.map(\.count).reduce(0, +)) / Double(max(sample.count, 1))))
            print(
                String(
                    format: "overall accuracy: %.2f%% of %d test texts in the %d languages with at least %d",
                    100 * Double(right) / Double(max(total, 1)), total, measured, minTest))
            let common = confusions.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) \($0.value)" }
            print("most common confusions: \(common.joined(separator: ", "))")
            let english = (testTexts["en"] ?? []).filter { $0.filter(\.isLetter).count >= minLetters }
            let rule = LanguageRule(identifier: identifier, knowledgeBase: "en", margin: margin)
            let alarms = english.filter { rule.foreignLanguage(of: $0) != nil }.count
            print(
                String(
                    format: "English test texts taken as foreign: %d of %d (%.2f%%)", alarms, english.count,
                    100 * Double(alarms) / Double(max(english.count, 1))))
            let foreign = languages.filter { $0 != "en" }.flatMap { language in
                (testTexts[language] ?? []).filter { $0.filter(\.isLetter).count >= minLetters }
            }
            let caught = foreign.filter { rule.foreignLanguage(of: $0) != nil }.count
            print(
                String(
                    format: "other-language test texts held as foreign: %d of %d (%.2f%%)", caught, foreign.count,
                    100 * Double(caught) / Double(max(foreign.count, 1))))
            if let bitext {
                let tickets = try Table.read(path: bitext).values(of: "instruction")
                let misread = tickets.filter { rule.foreignLanguage(of: $0) != nil }
                print(
                    String(
                        format: "English tickets taken as foreign: %d of %d (%.2f%%)", misread.count, tickets.count,
                        100 * Double(misread.count) / Double(max(tickets.count, 1))))
                for text in misread.prefix(5) { print("  e.g. \(text.prefix(80))") }
            }
            if let write {
                // Indented as swift-format would indent it: a multi-line literal drops its closing
                // delimiter's indentation from every line, so the profiles read back unchanged.
                let body = profiles.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
                let source = """
                    /// Generated by `ticketflow bench language --write`; do not edit. Character n-gram profiles of
                    /// \(languages.count) languages, trained on the translations of the Django project's messages
                    /// (BSD-3-Clause, the django wheel on PyPI) and measured on Sphinx's (docs/answering.md).
                    enum LanguageProfileData {
                        static let profiles = #\"\"\"
                    \(body)
                            \"\"\"#
                    }

                    """
                try source.write(toFile: write, atomically: true, encoding: .utf8)
                print("wrote \(write)")
            }
        }

        /// Texts by language code: the translations of every catalog under `directory`, and the message ids
        /// as English.
        static func texts(under directory: String) throws -> [String: [String]] {
            var texts: [String: [String]] = [:]
            for (code, entries) in try catalogEntries(under: directory) {
                for entry in entries {
                    texts[code, default: []].append(GettextCatalog.plainText(entry.translation))
                    texts["en", default: []].append(GettextCatalog.plainText(entry.source))
                }
            }
            // Every catalog repeats the English ids: keep each once.
            texts["en"] = Array(Set(texts["en"] ?? [])).sorted()
            return texts
        }

        /// The entries of every `locale/<code>/LC_MESSAGES/*.po` catalog under `directory`, by language code
        /// (English catalogs left out: their ids are the English texts).
        static func catalogEntries(under directory: String) throws -> [(code: String, entries: [GettextCatalog.Entry])]
        {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                let walker = FileManager.default.enumerator(atPath: directory)
            else {
                throw CLIFailure(
                    "cannot read \(directory)", hint: "give a directory with locale/<code>/LC_MESSAGES/*.po")
            }
            var catalogs: [(code: String, entries: [GettextCatalog.Entry])] = []
            for case let path as String in walker where path.hasSuffix(".po") {
                let parts = path.split(separator: "/")
                guard let at = parts.firstIndex(of: "locale"), at + 1 < parts.count else { continue }
                let code = String(parts[at + 1].prefix { $0.isLetter }).lowercased()
                guard code.count == 2 || code.count == 3, code != "en" else { continue }
                let text = try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
                catalogs.append((code, GettextCatalog(text: text).entries))
            }
            return catalogs
        }
    }
}
