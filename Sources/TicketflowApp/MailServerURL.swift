import Foundation

/// A mail server setting written as a URL (`imap_url`, `smtp_url`): scheme, host, port, folder path and
/// the percent-decoded credentials, read once for both. Errors name the setting and show the example,
/// never the password.
struct MailServerURL {
    let scheme: String
    let host: String
    let port: Int?
    let user: String?
    let password: String?
    /// The path without its leading slashes, percent-decoded; empty when there is none.
    let path: String

    init(_ text: String, setting: String, example: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError("\(setting) must look like \(example)")
        }
        self.scheme = scheme
        self.host = host
        port = url.port
        user = url.percentEncodedUser.map { $0.removingPercentEncoding ?? $0 }
        password = url.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
        let path = String(url.percentEncodedPath.drop { $0 == "/" })
        self.path = path.removingPercentEncoding ?? path
    }
}
