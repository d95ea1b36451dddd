import Testing
import TicketflowCore

/// Values echoed in error lines are escaped, so a terminal shows them and does not obey them.
@Suite struct ControlCharacterTests {
    @Test func escapingShowsControlCharactersAsText() {
        #expect("\u{1B}[31mred\r\u{7}".escapingControlCharacters() == #"\x1B[31mred\r\x07"#)
        #expect("a\tb\nc\u{0}\u{7F}\u{85}".escapingControlCharacters() == #"a\tb\nc\x00\x7F\x85"#)
        #expect("two\nlines\u{1B}".escapingControlCharacters(keeping: ["\n"]) == "two\nlines\\x1B")
        // Text without control characters, any script, is left as it is.
        #expect("Größe 注文 🙂 'quoted'".escapingControlCharacters() == "Größe 注文 🙂 'quoted'")
    }
}
