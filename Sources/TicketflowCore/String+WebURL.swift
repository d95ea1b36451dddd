import Foundation

extension String {
    /// Whether the text is an absolute http or https URL with a host ("http://" alone is not one):
    /// the rule for every address Ticketflow calls or links to (webhook receivers, the LLM
    /// endpoint, the help site's article links).
    public var isAbsoluteWebURL: Bool {
        guard let url = URL(string: self), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            return false
        }
        return url.host?.isEmpty == false
    }
}
