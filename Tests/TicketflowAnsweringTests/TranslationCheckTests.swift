import Foundation
import Testing
import TicketflowAnswering

@Suite struct TranslationCheckTests {
    let check = TranslationCheck()
    static let english =
        "Refunds for confirmed duplicate charges are issued within 5 business days. See https://help.example.com/refunds or write to [EMAIL_1]. [Source: duplicate-charges]"
    static let spanish =
        "Los reembolsos de cargos duplicados confirmados se emiten en un plazo de 5 días hábiles. Consulte https://help.example.com/refunds o escriba a [EMAIL_1]. [Source: duplicate-charges]"

    @Test func aFaithfulTranslationPasses() {
        #expect(check.problems(original: Self.english, translation: Self.spanish, into: "es").isEmpty)
        // Decimal commas are a translation, not a change: digit runs are compared.
        #expect(
            check.problems(
                original: "The plan costs 14.99 dollars a month and renews on the first day.",
                translation: "El plan cuesta 14,99 dólares al mes y se renueva el primer día.", into: "es"
            ).isEmpty)
    }

    @Test func lostNumbersLinksPlaceholdersAndMarkersAreNamed() {
        let cases = [
            ("5 días", "pocos días", "'5'"),
            ("https://help.example.com/refunds", "nuestra ayuda", "'https://help.example.com/refunds'"),
            ("[EMAIL_1]", "su correo", "'[EMAIL_1]'"),
            ("[Source: duplicate-charges]", "[Fuente: duplicate-charges]", "'[Source: duplicate-charges]'"),
        ]
        for (kept, changed, named) in cases {
            let problems = check.problems(
                original: Self.english, translation: Self.spanish.replacingOccurrences(of: kept, with: changed),
                into: "es")
            #expect(problems.count == 1 && problems[0].hasPrefix("lost ") && problems[0].contains(named), "\(problems)")
        }
    }

    @Test func theWrongLanguageAnEmptyReplyOrACutOffOneFail() {
        #expect(
            check.problems(original: Self.english, translation: Self.english, into: "es")
                == ["written in en, not es"])
        #expect(check.problems(original: Self.english, translation: "  ", into: "es") == ["the translation is empty"])
        let cut = check.problems(
            original: Self.english,
            translation: "Los [EMAIL_1] 5 https://help.example.com/refunds [Source: duplicate-charges]", into: "es")
        #expect(cut.contains { $0.contains("letters for") }, "\(cut)")
    }

    @Test func aCloseCallOnARelatedLanguagePasses() {
        // Galician the identifier may read as Portuguese or Spanish: within the margin, it is not refused.
        let galician = "Os reembolsos dos cargos duplicados confirmados emítense nun prazo de cinco días hábiles."
        let problems = check.problems(
            original: "Refunds for confirmed duplicate charges are issued within five business days.",
            translation: galician, into: "gl")
        #expect(problems.isEmpty, "\(problems)")
    }
}
