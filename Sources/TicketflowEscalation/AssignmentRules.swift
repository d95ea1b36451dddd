import Foundation
import TicketflowCore

/// Who gets an unassigned open ticket (config `assignment`): off by default; `round_robin` hands tickets in
/// turn to the people online in the ticket's category's pool.
public struct AssignmentRules: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        case off
        case roundRobin = "round_robin"
    }

    public var mode: Mode
    /// Someone counts as online when they used the console this recently.
    public var onlineMinutes: Int
    /// Per category, the people (emails) who take its tickets; a category left out goes to every active person.
    public var pools: [String: [String]]

    public static let defaultOnlineMinutes = 15

    public init(
        mode: Mode = .off, onlineMinutes: Int = AssignmentRules.defaultOnlineMinutes, pools: [String: [String]] = [:]
    ) {
        self.mode = mode
        self.onlineMinutes = onlineMinutes
        self.pools = pools
    }

    /// The rotation a ticket of `category` belongs to: its pool's, or everyone's.
    public func rotation(for category: String?) -> String {
        category.flatMap { pools[$0] == nil ? nil : $0 } ?? "*"
    }

    /// The people who may take a ticket of `category` now: active, online, in the pool; by email.
    public func candidates(for category: String?, among users: [AgentUser], at now: Date) -> [String] {
        let pool = category.flatMap { pools[$0] }.map(Set.init)
        return users.filter { user in
            user.role.isPerson && AgentPresence.isOnline(user, within: TimeInterval(onlineMinutes) * 60, at: now)
                && pool.map { $0.contains(user.email) } != false
        }.map(\.email).sorted()
    }

    /// Round robin: the first candidate after `last` in email order, wrapping; the first one when nobody
    /// was given a ticket yet or `last` went offline.
    public static func next(after last: String?, in candidates: [String]) -> String? {
        guard let last else { return candidates.first }
        return candidates.first { $0 > last } ?? candidates.first
    }
}
