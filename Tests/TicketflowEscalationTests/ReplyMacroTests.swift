import Testing
import TicketflowEscalation

@Suite struct ReplyMacroTests {
    static let macro = ReplyMacro(
        name: "Refund sent",
        body: "Hi {{customer_name}}, the refund for order {{order_id}} is on its way. {{agent_name}}")

    @Test func fillsWhatTheTicketKnowsAndLeavesTheRestVisible() {
        let values = ReplyMacro.Values(customerName: "Dana", agentName: "Ann", ticketID: 7, orderID: "A-1234")
        #expect(Self.macro.filled(values) == "Hi Dana, the refund for order A-1234 is on its way. Ann")
        let unknown = ReplyMacro.Values(customerName: nil, agentName: "Ann", ticketID: 7, orderID: nil)
        let text = Self.macro.filled(unknown)
        #expect(text.hasPrefix("Hi there, the refund for order {{order_id}}"))
        #expect(ReplyMacro.unfilled(in: text) == ["order_id"])
        #expect(ReplyMacro.unfilled(in: "Hi Dana") == [])
    }

    @Test func findsTheOrderNumberTheCustomerWrote() {
        #expect(ReplyMacro.orderNumber(in: ["Where is order #A-1234?"]) == "A-1234")
        #expect(ReplyMacro.orderNumber(in: ["order number: 00004587345 never came"]) == "00004587345")
        #expect(ReplyMacro.orderNumber(in: ["cancel purchase 4587345", "what is my order status"]) == "4587345")
        #expect(ReplyMacro.orderNumber(in: ["Order 111111", "no, order 222222"]) == "222222", "the newest first")
        #expect(ReplyMacro.orderNumber(in: ["what is my order status"]) == nil, "a word is no number")
    }

    @Test func namesUnknownPlaceholders() {
        #expect(
            ReplyMacro(name: "x", body: "Hi {{customer}} {{customer_name}} {{ticket}}").unknownPlaceholders == [
                "customer", "ticket",
            ])
        #expect(Self.macro.unknownPlaceholders.isEmpty)
    }
}
