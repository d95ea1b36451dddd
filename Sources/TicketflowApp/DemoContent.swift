import Foundation
import TicketflowCore
import TicketflowKnowledge

/// Self-written demo tickets so a fresh server has something to show.
enum DemoContent {
    static let tickets: [IntakeRequest] = [
        IntakeRequest(
            subject: "Charged twice this month",
            body:
                "Hi, I was charged twice for my Pro subscription this month. Can you refund the duplicate charge? Thanks, Dana",
            channel: .email, externalID: "demo-1",
            customer: CustomerInput(
                externalID: "cus-demo-1", name: "Dana Whitfield", email: "dana@example.com", plan: "pro",
                lifetimeValue: 1240)),
        IntakeRequest(
            subject: "App crashes when exporting",
            body: "The desktop app crashes every time I export a report to PDF. I'm on version 4.2 on Windows 11.",
            channel: .chat, externalID: "demo-2",
            customer: CustomerInput(
                externalID: "cus-demo-2", name: "Ravi Menon", email: "ravi@example.com", plan: "team")),
        IntakeRequest(
            subject: "Cannot log in after password reset",
            body:
                "I reset my password but the login page keeps saying my credentials are invalid. I need access today for a client meeting!",
            channel: .email, externalID: "demo-3",
            customer: CustomerInput(
                externalID: "cus-demo-3", name: "Lena Okafor", email: "lena@example.com", plan: "free")),
        IntakeRequest(
            subject: "Do you support SSO?",
            body: "Does your Business plan support single sign-on with Okta? We are evaluating tools for a team of 40.",
            channel: .api, externalID: "demo-4"),
        IntakeRequest(
            subject: "Please add dark mode",
            body: "Love the product! It would be great to have a dark mode for the dashboard, my eyes would thank you.",
            channel: .chat, externalID: "demo-5"),
        IntakeRequest(
            subject: "THIS IS UNACCEPTABLE",
            body:
                "Third time I'm writing about this. Your outage cost us a full day of sales. If this isn't fixed by Friday we are cancelling and talking to our lawyer.",
            channel: .email, externalID: "demo-6",
            customer: CustomerInput(
                externalID: "cus-demo-6", name: "Marco Ruiz", email: "marco@example.com", plan: "enterprise",
                lifetimeValue: 48000)),
    ]

    /// The demo help center as articles, from the copy compiled into the
    /// binary (DemoHelpCenter), so it does not depend on the working directory.
    static func helpCenterArticles() throws -> [Article] {
        let parser = ArticleFileParser()
        return try DemoHelpCenter.files.map { file in
            let id = String(file.name.dropLast(".md".count))
            return try parser.parse(
                file.markdown, format: .markdown, id: id, source: "demo/help-center/\(file.name)", fallbackTitle: id)
        }
    }

    /// When the store is empty: imports the demo help center and feeds the
    /// demo tickets through the real pipeline, so they get answers.
    static func seedIfEmpty(_ services: AppServices) async throws -> Int {
        guard try await services.store.ticketCount() == 0 else { return 0 }
        _ = try await services.engines.knowledge.importArticles(try helpCenterArticles(), prune: false)
        for ticket in tickets {
            _ = try await services.tickets.intake(ticket, idempotencyKey: "demo-seed-\(ticket.externalID ?? "")")
        }
        return tickets.count
    }
}
