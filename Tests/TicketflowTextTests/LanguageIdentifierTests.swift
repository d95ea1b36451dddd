import Testing
import TicketflowText

/// The built-in language identifier and the rule that holds tickets in another language. The texts here are
/// support messages written for these tests, not taken from the training or evaluation catalogs.
@Suite struct LanguageIdentifierTests {
    @Test(arguments: [
        ("en", "I was charged twice for my subscription this month, please refund one of the payments."),
        ("es", "Me cobraron dos veces la suscripción este mes, por favor devuélvanme uno de los pagos."),
        ("fr", "On m'a facturé deux fois mon abonnement ce mois-ci, pouvez-vous rembourser un des paiements ?"),
        ("de", "Mir wurde das Abonnement diesen Monat doppelt berechnet, bitte erstatten Sie eine Zahlung."),
        ("pt", "Fui cobrado duas vezes pela assinatura este mês, por favor reembolsem um dos pagamentos."),
        ("it", "Mi è stato addebitato due volte l'abbonamento questo mese, per favore rimborsate un pagamento."),
        ("nl", "Ik ben deze maand twee keer gefactureerd voor mijn abonnement, wilt u één betaling terugboeken?"),
        ("pl", "W tym miesiącu pobrano ode mnie dwa razy opłatę za subskrypcję, proszę o zwrot jednej płatności."),
        ("ru", "С меня дважды списали плату за подписку в этом месяце, пожалуйста, верните один платёж."),
        ("tr", "Bu ay aboneliğim için iki kez ücret alındı, lütfen ödemelerden birini iade edin."),
        ("ja", "今月のサブスクリプションが二重に請求されました。片方の支払いを返金してください。"),
        ("el", "Με χρέωσαν δύο φορές τη συνδρομή αυτόν τον μήνα, παρακαλώ επιστρέψτε τη μία πληρωμή."),
    ])
    func supportMessagesAreReadInTheirLanguage(language: String, text: String) throws {
        let guess = try #require(LanguageIdentifier.builtIn.identify(text))
        #expect(guess.language == language, "\(text) → \(guess.language) (runner-up \(guess.runnerUp ?? "none"))")
    }

    @Test func theRuleHoldsOnlyClearlyForeignTextsLongEnoughToTell() {
        let rule = LanguageRule(knowledgeBase: "en")
        #expect(
            rule.foreignLanguage(of: "¿Dónde está mi pedido? Lo compré hace dos semanas y no ha llegado.")?.language
                == "es")
        #expect(rule.foreignLanguage(of: "Where is my order? I bought it two weeks ago and it has not arrived.") == nil)
        #expect(rule.foreignLanguage(of: "hola") == nil, "too short to tell")
        #expect(rule.foreignLanguage(of: "12345 !!! ???") == nil, "no letters")
        #expect(
            rule.foreignLanguage(of: "Please send the invoice to Jürgen Müller at our München office, thanks") == nil,
            "foreign names in an English sentence")
        // With a Spanish knowledge base, the English ticket is the foreign one.
        let spanish = LanguageRule(knowledgeBase: "es")
        #expect(spanish.foreignLanguage(of: "Where is my order? I bought it two weeks ago.")?.language == "en")
    }

    @Test func trainingKeepsTheMostFrequentGramsAndReadsBack() {
        let profiles = LanguageIdentifier.train(["aa": ["abab abab"], "zz": ["zyzy zyzy"]], top: 3)
        let identifier = LanguageIdentifier(profiles: profiles)
        #expect(identifier.languages == ["aa", "zz"])
        #expect(profiles.split(separator: "\n").count == 2 + 2 * 3)
        #expect(identifier.identify("ab ab")?.language == "aa")
        #expect(identifier.identify("zy")?.language == "zz")
        #expect(identifier.identify("!!!") == nil)
    }
}
