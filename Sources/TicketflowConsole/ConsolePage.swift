import Mustache

/// What every page's header and navigation show: the title, the signed-in
/// person (nil on the sign-in and anonymous error pages) and a confirmation.
struct ConsoleFrame {
    /// The signed-in person, for the navigation bar and the sign-out form.
    struct User {
        let name: String
        let role: String
        let csrf: String
        let admin: Bool
    }

    let title: String
    let user: User?
    /// The session's CSRF token, for the page's forms (nil when nobody is signed in).
    let csrf: String?
    let notice: String?
}

/// One page's data for Mustache: the page's own model over the shared
/// frame. Template keys are property names; a key the content has wins over
/// the frame's (a ticket's page title replaces the frame's), and a nil
/// optional counts as absent, as it does for Mustache itself.
struct ConsolePage<Content>: MustacheParent {
    let frame: ConsoleFrame
    let content: Content

    func child(named name: String) -> Any? {
        Self.property(name, of: content) ?? Self.property(name, of: frame)
    }

    /// The stored property `name` of `value`, unwrapped when optional.
    static func property(_ name: String, of value: Any) -> Any? {
        guard let found = Mirror(reflecting: value).children.first(where: { $0.label == name }) else { return nil }
        let mirror = Mirror(reflecting: found.value)
        guard mirror.displayStyle == .optional else { return found.value }
        return mirror.children.first?.value
    }
}
