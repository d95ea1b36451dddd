import Foundation
import Testing
import TicketflowTesting
import TicketflowCore

@testable import TicketflowAnswering

/// The shared corpus (Tests/Fixtures/pii-corpus.json) through the redactor
/// itself; the app tests send the same corpus down every outbound path.
@Suite("PII corpus")
struct PIICorpusTests {
    static let corpus = PIICorpus.shared

    static let redactor = PIIRedactor().with(known: KnownIdentity(name: corpus.known.name, email: corpus.known.email))

    @Test func theCorpusHasAtLeastFiftyFormsOfEveryKind() {
        #expect(Self.corpus.forms.count >= 50)
        #expect(Set(Self.corpus.forms.map(\.kind)) == Set(PIIKind.allCases.map(\.rawValue)))
    }

    @Test(arguments: corpus.forms.map { ($0.kind, $0.value, $0.text) })
    func everyFormIsReplacedByAPlaceholderOfItsKind(_ kind: String, _ value: String, _ text: String) throws {
        let result = Self.redactor.redact(text)
        #expect(!result.text.contains(value), "\(result.text)")
        let kinds = Set(result.findings.map(\.kind.rawValue))
        #expect(kinds.contains(kind), "\(text) → \(result.text)")
        #expect(result.restoring(in: result.text) == text)
    }

    @Test(arguments: corpus.keep)
    func orderNumbersDatesAndPricesStay(_ text: String) {
        #expect(Self.redactor.redact(text).text == text)
    }

    @Test func allFormsInOneTextAreAllReplaced() {
        let text = Self.corpus.forms.map(\.text).joined(separator: "\n")
        let redacted = Self.redactor.redact(text).text
        for form in Self.corpus.forms {
            #expect(!redacted.contains(form.value), "\(form.value)")
        }
        for keep in Self.corpus.keep {
            #expect(Self.redactor.redact("\(text)\n\(keep)").text.hasSuffix("\n" + keep), "\(keep)")
        }
    }
}
