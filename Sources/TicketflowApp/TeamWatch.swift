import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowEscalation

/// Watches the open tickets every `interval`: warns once when a ticket's SLA clock is at risk (an audit event
/// and a `ticket.sla_at_risk` webhook, Slack-compatible hooks included), and, with `assignment: round_robin`,
/// hands unassigned tickets in turn to the people online in their category's pool. Every write is
/// conditional, so several nodes may run it: one wins each ticket.
public actor TeamWatch: Service {
    let desk: AgentDesk
    let rules: AssignmentRules
    let logger: Logger
    let interval: Duration
    /// Who got the last ticket of each rotation (`AssignmentRules.rotation`), for the turn after.
    private var lastAssigned: [String: String] = [:]
    /// Clocks already warned about (ticket id to clock origin), so each is read from the audit log once.
    private var warned: [Int64: Date] = [:]

    public init(desk: AgentDesk, rules: AssignmentRules, logger: Logger, interval: Duration = .seconds(10)) {
        self.desk = desk
        self.rules = rules
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.pass()
                try? await Task.sleep(for: self.interval)
            }
        }
    }

    /// One look at the queue; a failed read or write is logged and tried again on the next pass.
    public func pass() async {
        do {
            let entries = try await desk.queue(ReviewQueueQuery(limit: 1000))
            await warnAtRisk(entries)
            if rules.mode == .roundRobin { try await assign(entries) }
        } catch {
            logger.warning("team watch pass failed", metadata: ["error": "\(error)"])
        }
    }

    private func warnAtRisk(_ entries: [ReviewQueueEntry]) async {
        let open = Set(entries.map(\.ticket.id))
        warned = warned.filter { open.contains($0.key) }
        for entry in entries where desk.sla.isAtRisk(entry) && warned[entry.ticket.id] != entry.ticket.slaOrigin {
            do {
                if try await desk.warnSLA(entry) {
                    logger.info("SLA at risk", metadata: ["ticket": "\(entry.ticket.id)"])
                }
                warned[entry.ticket.id] = entry.ticket.slaOrigin
            } catch {
                logger.debug(
                    "SLA warning not written", metadata: ["ticket": "\(entry.ticket.id)", "error": "\(error)"])
            }
        }
    }

    private func assign(_ entries: [ReviewQueueEntry]) async throws {
        let waiting = entries.filter { $0.ticket.assignee == nil }
        guard !waiting.isEmpty else { return }
        let users = try await desk.store.users()
        let now = desk.now()
        for entry in waiting {
            let rotation = rules.rotation(for: entry.ticket.category)
            let candidates = rules.candidates(for: entry.ticket.category, among: users, at: now)
            guard let person = AssignmentRules.next(after: lastAssigned[rotation], in: candidates) else { continue }
            do {
                try await desk.autoAssign(entry.ticket, to: person, rule: rules.mode.rawValue)
                lastAssigned[rotation] = person
            } catch {
                // Someone took it or it changed: the next pass sees it as it is now.
                logger.debug("not assigned", metadata: ["ticket": "\(entry.ticket.id)", "error": "\(error)"])
            }
        }
    }
}
