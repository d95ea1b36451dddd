import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// `/console/dashboard` and the analytics and QA routes' role gates, over the real router.
@Suite struct DashboardTests {
    /// Five escalated tickets and no AI answers: auto-resolution 0% and escalation 100%, both past their alert thresholds.
    static func seedEscalations(_ services: AppServices, category: String = "billing") async throws {
        for index in 0..<5 {
            let now = Date().addingTimeInterval(Double(-index) * 86_400)
            let ticket = Ticket(
                id: 0, channel: .email, subject: "Broken \(index)", status: .escalated, category: category,
                route: .humanNow, createdAt: now)
            _ = try await services.store.createTicket(
                TicketIntake(
                    idempotencyKey: nil, requestFingerprint: nil, customer: nil, ticket: ticket,
                    messages: [NewMessage(author: .customer, body: "It is broken", createdAt: now)],
                    trace: [
                        TraceEntry(
                            stage: "triage", input: "x", output: category, engine: "t", engineVersion: "1",
                            durationMs: 12,
                            createdAt: now)
                    ]))
        }
    }

    @Test func dashboardShowsIndicatorsChartsAndAlerts() async throws {
        try await withTestClient { client, services in
            try await Self.seedEscalations(services, category: "<script>alert(1)</script>")
            let session = try await client.signIn(services)
            let response = try await client.send(.get, "/console/dashboard", headers: session.headers())
            #expect(response.status == .ok)
            let page = html(response)
            for name in [
                "auto_resolution_rate", "ai_answer_accuracy", "csat_ai", "first_response_seconds_p50",
                "human_escalation_rate", "csat_human", "reopen_rate",
            ] {
                #expect(page.contains("id=\"indicator-\(name)\""), "card for \(name)")
            }
            #expect(
                page.contains("<svg") && page.contains("id=\"chart-volume\"") && page.contains("id=\"chart-category\"")
                    && page.contains("id=\"chart-latency\"") && page.contains("id=\"chart-rates\""))
            #expect(page.contains("<rect"), "the volume chart has bars")
            #expect(page.contains("<circle") && page.contains("escalation: 100%"), "the rates chart marks each day")
            let banner = try #require(
                page.range(of: "id=\"alerts\"").map { String(page[$0.lowerBound...].prefix(800)) })
            #expect(banner.contains("human_escalation_rate") && banner.contains("auto_resolution_rate"))
            #expect(!banner.contains("csat_ai"), "no data is not an alert")
            #expect(page.contains("class=\"indicator alert\" id=\"indicator-human_escalation_rate\""))
            #expect(page.contains("class=\"indicator no_data\" id=\"indicator-csat_ai\""))
            #expect(!page.contains("<script>alert(1)</script>") && page.contains("&lt;script&gt;"))
            #expect(page.contains("href=\"/console/dashboard\""), "linked from the navigation")
        }
    }

    @Test func windowIsSelectableAndValidated() async throws {
        try await withTestClient { client, services in
            try await Self.seedEscalations(services)
            let session = try await client.signIn(services)
            let week = html(try await client.send(.get, "/console/dashboard?days=7", headers: session.headers()))
            #expect(week.contains("last 7 days") && week.contains("5 tickets"))
            #expect(week.contains("class=\"selected\" aria-current=\"page\">7 days"))
            let bad = try await client.send(.get, "/console/dashboard?days=12", headers: session.headers())
            #expect(bad.status.code >= 400 && bad.status.code < 500)
            #expect(html(bad).contains("must be 1, 7, 30 or 90"))
            // One day counts by hour: today's ticket is not a single bar for the whole window.
            let day = html(try await client.send(.get, "/console/dashboard?days=1", headers: session.headers()))
            #expect(day.contains("last 1 day ·") && day.contains(">1 day</a>"))
            #expect(day.contains("Tickets per hour, by route") && day.contains("1 tickets"))
        }
    }

    @Test func backlogTargetsAndAgentsAreReadable() async throws {
        try await withTestClient { client, services in
            try await Self.seedEscalations(services)
            let answered = try await services.seedReviewTicket()
            let session = try await client.signIn(services)
            _ = try await client.send(
                .post, "/console/tickets/\(answered)/send", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&body=Refunded%2C+sorry+for+the+trouble.")
            let page = html(try await client.send(.get, "/console/dashboard", headers: session.headers()))
            // Five escalations are open; four of them opened days ago are past the one-hour p1 target.
            let backlog = try #require(
                page.range(of: "id=\"indicator-backlog\"").map { String(page[$0.lowerBound...].prefix(300)) })
            #expect(backlog.contains("<div class=\"value\">5</div>"))
            let late = try #require(
                page.range(of: "id=\"indicator-breached\"").map { String(page[$0.lowerBound...].prefix(300)) })
            #expect(late.contains("<div class=\"value\">4</div>"))
            let row = try #require(
                page.range(of: "<tr><td>Ann Agent</td><td>1</td>").map {
                    String(page[$0.lowerBound...].prefix { $0 != "\n" }.prefix(300))
                }, "the agent's answered ticket")
            let cells = row.components(separatedBy: "<td>").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
            #expect(cells.count == 5 && cells[3] != "—", "first response, then handle time (resolved): \(cells)")
            // Each target line carries its own colour and its value.
            #expect(page.contains("fill=\"#2f5bea\">target 65%") && page.contains("fill=\"#067647\">target 35%"))
            #expect(page.contains(">100%</text>"), "few points: each value is written")
        }
    }

    @Test func quietStoreRendersWithoutAlerts() async throws {
        try await withTestClient { client, services in
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/dashboard", headers: session.headers()))
            #expect(page.contains("No tickets in this window.") && !page.contains("id=\"alerts\""))
        }
    }

    @Test func dashboardRefusesAnonymousAndAPICallers() async throws {
        try await withTestClient { client, services in
            let anonymous = try await client.get("/console/dashboard")
            #expect(anonymous.status == .unauthorized && html(anonymous).contains("Sign in"))
            let api = try await client.send(.get, "/console/dashboard", headers: try await services.bearer(.api))
            #expect(api.status == .forbidden)
            #expect(!html(api).contains("indicator-"))
        }
    }

    @Test func metricsSummaryAndRatingsNeedAnAgent() async throws {
        try await withTestClient { client, services in
            let id = try await QAFixtures.answeredTicket(services, answer: QAFixtures.grounded)
            try expectProblem(try await client.get("/v1/metrics/summary"), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/v1/metrics/summary", headers: try await services.bearer(.api)),
                .forbidden, "forbidden")
            let agent = try await services.bearer(.agent)
            let summary = try await client.send(.get, "/v1/metrics/summary?days=7", headers: agent)
            #expect(summary.status == .ok)
            #expect((try json(summary)["indicators"] as? [Any])?.count == 7)
            // Rating sits with intake: open without an intake token.
            let rated = try await client.post("/v1/tickets/\(id)/rating", #"{"score":4,"comment":"ok"}"#)
            #expect(rated.status == .created)
            try expectProblem(try await client.get("/v1/tickets/\(id)/ratings"), .unauthorized, "unauthorized")
            let ratings = try await client.send(.get, "/v1/tickets/\(id)/ratings", headers: agent)
            #expect((try json(ratings)["ratings"] as? [Any])?.count == 1)
        }
    }

    @Test func ratingNeedsTheIntakeTokenWhenOneIsSet() async throws {
        let token = "intake-token-0123456789"
        // The fixture's ticket came by email; the intake token acts on that channel here.
        try await withTestClient(intakeToken: token, configure: { $0.intakeTokenChannel = .email }) {
            client, services in
            let id = try await QAFixtures.answeredTicket(services, answer: QAFixtures.grounded)
            try expectProblem(
                try await client.post("/v1/tickets/\(id)/rating", #"{"score":5}"#), .unauthorized, "unauthorized")
            var headers = jsonHeaders
            headers[.authorization] = "Bearer \(token)"
            #expect(
                try await client.post("/v1/tickets/\(id)/rating", #"{"score":5}"#, headers: headers).status == .created)
        }
    }

    @Test func qaRunIsForAdminsAndReviewsForAgents() async throws {
        try await withTestClient { client, services in
            try await QAFixtures.importKnowledge(services)
            let bad = try await QAFixtures.answeredTicket(services, answer: QAFixtures.hallucinated)
            let agent = try await services.bearer(.agent), admin = try await services.bearer(.admin)
            try expectProblem(try await client.send(.post, "/v1/qa/run"), .unauthorized, "unauthorized")
            try expectProblem(try await client.send(.post, "/v1/qa/run", headers: agent), .forbidden, "forbidden")
            try expectProblem(
                try await client.send(.post, "/v1/qa/run", headers: admin, body: #"{"since":"yesterday"}"#),
                .badRequest, "invalid-parameter")
            let run = try await client.send(.post, "/v1/qa/run", headers: admin)
            #expect(run.status == .ok)
            let report = try json(run)
            #expect(report["reviewed"] as? Int == 1)
            #expect((report["flag_counts"] as? [String: Int])?["hallucination"] == 1)
            try expectProblem(try await client.get("/v1/qa/reviews"), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/v1/qa/reviews", headers: try await services.bearer(.api)), .forbidden,
                "forbidden")
            let reviews = try await client.send(.get, "/v1/qa/reviews?since=2020-01-01", headers: agent)
            let list = try #require(try json(reviews)["reviews"] as? [[String: Any]])
            #expect(list.count == 1 && list.first?["ticket_id"] as? Int == Int(bad))
            try expectProblem(
                try await client.send(.get, "/v1/qa/reviews?since=31-01-2026", headers: agent), .badRequest,
                "invalid-parameter")
        }
    }
}
