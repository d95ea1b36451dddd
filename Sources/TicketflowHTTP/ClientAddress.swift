#if canImport(CNIOLinux)
// `sockaddr_in6` reaches Swift through NIO's C shim on Linux; with member-import
// visibility its fields need that module imported here.
import CNIOLinux
#endif
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The client address sign-in throttling keys on: the socket's peer, or the
/// last `X-Forwarded-For` entry when the operator says a proxy sets it.
/// IPv6 clients are keyed by their /64, since one host usually holds a whole
/// /64 and could otherwise rotate addresses to dodge the limit.
public enum ClientAddress {
    /// The key for this request's client; nil when there is no address (router tests, Unix sockets).
    public static func key(_ request: Request, _ context: TicketflowRequestContext, trustForwardedFor: Bool) -> String?
    {
        key(request, remoteAddress: context.remoteAddress, trustForwardedFor: trustForwardedFor)
    }

    /// The same for any request context that knows the peer (the chat's WebSocket upgrades).
    public static func key(_ request: Request, remoteAddress: SocketAddress?, trustForwardedFor: Bool) -> String? {
        if trustForwardedFor, let forwarded = request.headers[values: .xForwardedFor].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            let address = try? SocketAddress(ipAddress: last, port: 0)
        {
            return key(address)
        }
        return remoteAddress.flatMap(key)
    }

    /// `a.b.c.d` for IPv4 (and IPv4-mapped IPv6), the /64 prefix for IPv6.
    public static func key(_ address: SocketAddress) -> String? {
        switch address {
        case .v4:
            return address.ipAddress
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return bytes[12...].map(String.init).joined(separator: ".")
            }
            let groups = stride(from: 0, to: 8, by: 2).map {
                String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
            }
            return groups.joined(separator: ":") + "::/64"
        case .unixDomainSocket:
            return nil
        }
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, set by reverse proxies.
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
