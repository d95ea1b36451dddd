// Fetching new mail by UID. A poller remembers the highest UID it has stored (with the mailbox's UIDVALIDITY)
// and asks for everything from the next one. Two traps: `n:*` always includes the mailbox's last message even
// when its UID is below n (RFC 3501 section 6.4.8), so results are filtered to uid >= n; and one huge message
// must not exhaust memory, so sizes are fetched first and messages over the cap are only reported.

extension IMAPClient {
    /// The UIDs from `uid` on in the selected mailbox (`UID SEARCH UID n:*`), ascending.
    public func searchUIDs(from uid: UInt32) async throws -> [UInt32] {
        let start = max(uid, 1)
        let untagged = try await run(IMAPCommand("UID SEARCH", [.raw("UID \(start):*")])).untagged
        var uids: [UInt32] = []
        for case .search(let found) in untagged { uids += found }
        return Array(Set(uids.filter { $0 >= start })).sorted()
    }

    /// UID, size and flags of the messages from `uid` on (`UID FETCH n:* (UID RFC822.SIZE FLAGS)`), ascending.
    public func messageInfos(from uid: UInt32) async throws -> [IMAPMessageInfo] {
        let start = max(uid, 1)
        let command = IMAPCommand("UID FETCH", [.raw("\(start):*"), .raw("(UID RFC822.SIZE FLAGS)")])
        var infos: [UInt32: IMAPMessageInfo] = [:]
        for case .fetch(let fetch) in try await run(command).untagged {
            guard let uid = fetch.uid, uid >= start, let size = fetch.size else { continue }
            infos[uid] = IMAPMessageInfo(uid: uid, size: Int(size), flags: fetch.flags ?? [])
        }
        return infos.values.sorted { $0.uid < $1.uid }
    }

    /// The whole messages with `uids` (`BODY.PEEK[]`, which leaves `\Seen` alone), ascending; a UID no longer
    /// in the mailbox is simply absent.
    public func fetchMessages(uids: [UInt32]) async throws -> [IMAPMessage] {
        guard !uids.isEmpty else { return [] }
        let wanted = Set(uids)
        let items = "(UID RFC822.SIZE FLAGS BODY.PEEK[])"
        let command = IMAPCommand("UID FETCH", [.raw(IMAPSequenceSet.compress(uids)), .raw(items)])
        var messages: [UInt32: IMAPMessage] = [:]
        for case .fetch(let fetch) in try await run(command).untagged {
            // Unsolicited FETCH data (a flag change elsewhere) carries no body: skipped.
            guard let uid = fetch.uid, wanted.contains(uid), let raw = fetch.body else { continue }
            let size = fetch.size.map(Int.init) ?? raw.count
            messages[uid] = IMAPMessage(uid: uid, size: size, flags: fetch.flags ?? [], raw: raw)
        }
        return messages.values.sorted { $0.uid < $1.uid }
    }

    /// The headers of the messages with `uids` (`BODY.PEEK[HEADER]`), by UID.
    public func fetchHeaders(uids: [UInt32]) async throws -> [UInt32: [UInt8]] {
        guard !uids.isEmpty else { return [:] }
        let command = IMAPCommand(
            "UID FETCH", [.raw(IMAPSequenceSet.compress(uids)), .raw("(UID BODY.PEEK[HEADER])")])
        let wanted = Set(uids)
        var headers: [UInt32: [UInt8]] = [:]
        for case .fetch(let fetch) in try await run(command).untagged {
            guard let uid = fetch.uid, wanted.contains(uid), let header = fetch.header else { continue }
            headers[uid] = header
        }
        return headers
    }

    /// The messages from `uid` on, at most `limit` of them (lowest UIDs first), fetched whole up to
    /// `maxMessageBytes` each; larger ones are reported in `oversized` (with their header when the policy
    /// says so). Bodies are fetched in batches of at most `batchBytes`, so memory stays bounded.
    public func fetchMessages(
        from uid: UInt32, limit: Int? = nil, maxMessageBytes: Int = 25 << 20,
        oversized policy: IMAPOversizedPolicy = .headerOnly, batchBytes: Int = 8 << 20
    ) async throws -> IMAPFetchResult {
        var infos = try await messageInfos(from: uid)
        if let limit { infos = Array(infos.prefix(max(limit, 0))) }
        let small = infos.filter { $0.size <= maxMessageBytes }
        let large = infos.filter { $0.size > maxMessageBytes }

        var messages: [IMAPMessage] = []
        var batch: [UInt32] = []
        var batchSize = 0
        for info in small {
            if !batch.isEmpty, batchSize + info.size > batchBytes {
                messages += try await fetchMessages(uids: batch)
                batch = []
                batchSize = 0
            }
            batch.append(info.uid)
            batchSize += info.size
        }
        messages += try await fetchMessages(uids: batch)

        let headers = policy == .headerOnly ? try await fetchHeaders(uids: large.map(\.uid)) : [:]
        let reports = large.map { IMAPOversizedMessage(info: $0, header: headers[$0.uid]) }
        return IMAPFetchResult(messages: messages.sorted { $0.uid < $1.uid }, oversized: reports)
    }
}
