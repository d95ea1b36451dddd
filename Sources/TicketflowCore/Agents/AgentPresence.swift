import Foundation

/// Who counts as online: someone who used the console recently. Sessions last for days, so a live
/// session alone says nothing; the last request does.
public enum AgentPresence {
    /// A newer request than the recorded one is written down only after this long.
    public static let recordingInterval: TimeInterval = 60

    /// Whether `user` is active and was seen within `window` before `now`.
    public static func isOnline(_ user: AgentUser, within window: TimeInterval, at now: Date) -> Bool {
        guard user.isActive, let seen = user.lastSeenAt else { return false }
        return now.timeIntervalSince(seen) <= window
    }
}
