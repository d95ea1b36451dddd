import TicketflowText

/// Texts with too little in them to have a category: nothing but greetings,
/// thanks and filler ("hi", "hello there", "ok thanks", "?").
///
/// Any model still gives such a text the category its few characters lean to,
/// often with high confidence: the starter model put "?" in product_question at
/// 1.00 and "hi" in complaint at 0.66, and routed both `ai_only`. Their category
/// is `unknown` instead, so a person reads them and the dashboard does not count
/// them under a category they never named.
public enum TooLittleText {
    /// Greetings that `StopWords.topicless` (a list tuned for the answering checks) leaves out.
    static let greetings: Set<String> = [
        "good", "morning", "afternoon", "evening", "day", "team", "cheers", "sir", "madam", "guys", "folks",
        "everyone", "there", "thx", "ty", "pls", "plz",
    ]

    /// True when `text` has no word that could name a topic: every word is
    /// filler or a single character (digits of an order number do count).
    public static func applies(to text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
        return !words.contains { word in
            if word.allSatisfy(\.isNumber) { return word.count >= 3 }
            let text = String(word)
            return word.count >= 2 && !StopWords.topicless.contains(text) && !greetings.contains(text)
        }
    }
}

extension ClassPrediction {
    /// The same prediction held back as `unknown` (the model's own choice stays in `bestLabel` and `top`).
    func heldAsUnknown() -> ClassPrediction {
        ClassPrediction(
            label: ClassifierModel.unknownLabel, bestLabel: bestLabel, confidence: confidence, isUnknown: true, top: top
        )
    }
}
