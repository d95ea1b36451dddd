import NIOCore

extension AppConfiguration {
    /// What the server does first with the host, without binding (the doctor runs beside a
    /// live server): "127.0.0.1:80" or "::1::" is named here, before any other check about it.
    func checkHostResolves() throws {
        do {
            _ = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw ConfigurationError(
                "host \(ConfigurationError.quoted(host)) is not an IP address or a host name this machine can resolve; "
                    + "use one such as 127.0.0.1 or 0.0.0.0")
        }
    }
}
