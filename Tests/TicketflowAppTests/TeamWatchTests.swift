import Foundation
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting
import TicketflowWebhooks

/// The team watch over a real store: round-robin assignment among the people online in a category's pool, and
/// one SLA warning per clock, in the audit log and the event feed.
@Suite struct TeamWatchTests {
    static func person(_ email: String, seen: Date?, in services: AppServices, active: Bool = true) async throws {
        let user = try await services.accounts.createUser(
            email: email, name: email, role: .agent, password: "correct horse battery")
        if let seen { try await services.store.recordSeen(userID: user.id, at: seen) }
        if !active { _ = try await services.accounts.setActive(email: email, active: false, by: nil) }
    }

    @Test func unassignedTicketsGoInTurnToThePeopleOnlineInTheirPool() async throws {
        try await withTestClient { _, services in
            let now = Date()
            try await Self.person("ann@example.com", seen: now, in: services)
            try await Self.person("bob@example.com", seen: now.addingTimeInterval(-60), in: services)
            try await Self.person("cat@example.com", seen: now.addingTimeInterval(-3600), in: services)  // offline
            try await Self.person("dan@example.com", seen: now, in: services, active: false)  // deactivated
            try await Self.person("eve@example.com", seen: now, in: services)  // not in the billing pool
            var ids: [Int64] = []
            for index in 0..<4 { ids.append(try await services.seedReviewTicket(subject: "Charge \(index)")) }
            let claimed = try await services.seedReviewTicket(subject: "Already taken")
            _ = try await services.desk.perform(
                .claim, on: claimed, by: AgentActor(id: "eve@example.com", name: "Eve", role: .agent))

            let rules = AssignmentRules(
                mode: .roundRobin, onlineMinutes: 15,
                pools: ["billing": ["ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com"]])
            let watch = TeamWatch(desk: services.desk, rules: rules, logger: TestApp.logger)
            await watch.pass()
            var holders: [Int64: String] = [:]
            for id in ids + [claimed] { holders[id] = try await services.store.ticketDetail(id: id)?.ticket.assignee }
            #expect(holders[claimed] == "eve@example.com", "a claimed ticket stays with its person")
            let given = ids.compactMap { holders[$0] }
            #expect(given.count == 4)
            #expect(Set(given) == ["ann@example.com", "bob@example.com"], "only the pool's online, active people")
            #expect(given.filter { $0 == "ann@example.com" }.count == 2, "in turn: \(given)")
            let event = try #require(try await services.desk.events(ticketID: ids[0]).last)
            #expect(event.kind == .autoAssign && event.actor == "system" && event.details["rule"] == "round_robin")

            // A category without a pool goes to everyone online.
            let off = TeamWatch(desk: services.desk, rules: AssignmentRules(), logger: TestApp.logger)
            let untouched = try await services.seedReviewTicket(subject: "Nobody assigns this")
            await off.pass()
            #expect(try await services.store.ticketDetail(id: untouched)?.ticket.assignee == nil, "mode off")
            await TeamWatch(
                desk: services.desk, rules: AssignmentRules(mode: .roundRobin), logger: TestApp.logger
            ).pass()
            let anyone = try await services.store.ticketDetail(id: untouched)?.ticket.assignee
            #expect(["ann@example.com", "bob@example.com", "eve@example.com"].contains(anyone ?? ""))
        }
    }

    @Test func anAtRiskClockIsWarnedAboutOnceInTheFeedAndAsAChatMessage() async throws {
        try await withTestClient { _, services in
            let calm = try await services.seedReviewTicket(subject: "Fresh")
            let late = try await services.seedReviewTicket(subject: "Old one")
            // Urgency 4 and negative: p2, four hours. Three and a half hours gone leaves under a quarter.
            let detail = try #require(try await services.store.ticketDetail(id: late))
            var ticket = detail.ticket
            ticket.slaStartedAt = Date().addingTimeInterval(-3.5 * 3600)
            _ = try await services.store.applyAgentChange(
                AgentChange(
                    ticket: ticket, actor: "x", overrideAssignee: true, draft: detail.draft,
                    event: TicketEvent(id: 0, ticketID: late, kind: .hold, actor: "x", createdAt: Date())))
            let start = try await services.store.integrationEvents(after: 0, limit: 500).last?.id ?? 0
            let watch = TeamWatch(desk: services.desk, rules: AssignmentRules(), logger: TestApp.logger)
            await watch.pass()
            await watch.pass()
            // A second watch (a restart, another node) reads the audit log and stays quiet too.
            await TeamWatch(desk: services.desk, rules: AssignmentRules(), logger: TestApp.logger).pass()
            let warnings = try await services.store.integrationEvents(after: start, limit: 500)
                .filter { $0.type == .ticketSLAAtRisk }
            #expect(warnings.map(\.ticketID) == [late])
            let text = ChatMessagePayload.text(try #require(warnings.first))
            #expect(text.contains("#\(late)") && text.contains("SLA target due in") && !text.contains("charged twice"))
            #expect(try await services.desk.events(ticketID: calm).allSatisfy { $0.kind != .slaWarning })
            #expect(try await services.store.ticketDetail(id: late)?.ticket.updatedAt == ticket.updatedAt)
        }
    }

    @Test func aMentionReachesTheFeedAndChatToolsWithoutTheNotesWords() async throws {
        try await withTestClient { _, services in
            _ = try await services.accounts.createUser(
                email: "ann@example.com", name: "Ann Lee", role: .agent, password: "correct horse battery")
            let id = try await services.seedReviewTicket()
            let start = try await services.store.integrationEvents(after: 0, limit: 500).last?.id ?? 0
            _ = try await services.desk.perform(
                .note(text: "@ann can you check the secret refund code 9911?"), on: id,
                by: AgentActor(id: "bob@example.com", name: "Bob", role: .agent))
            let events = try await services.store.integrationEvents(after: start, limit: 500)
            let mention = try #require(events.first { $0.type == .noteMentioned })
            #expect(mention.data.mentions == ["ann@example.com"] && mention.data.actor == "bob@example.com")
            let text = ChatMessagePayload.text(mention)
            #expect(text.contains("bob@example.com mentioned ann@example.com") && !text.contains("9911"))
            #expect(events.allSatisfy { $0.type != .ticketUpdated }, "a note changes nothing else")
        }
    }
}
