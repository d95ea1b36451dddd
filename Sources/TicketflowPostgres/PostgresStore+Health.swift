import PostgresNIO
import TicketflowCore

extension PostgresStore: StoreHealthReporting {
    /// The storage failure a failed transaction stands for, named by SQLSTATE
    /// only (server messages can quote values); nil for a lost race, which is an answer.
    static func failure(of error: any Error) -> StoreHealth.Failure? {
        if error is RaceLost || error is any StoreAnswer { return nil }
        if let error = error as? NoAnswer { return StoreHealth.Failure(kind: .unreachable, detail: error.description) }
        guard let error = error as? PSQLError else {
            return StoreHealth.Failure(kind: .other, detail: "the transaction failed: \(type(of: error))")
        }
        guard let state = error.serverInfo?[.sqlState] else {
            return StoreHealth.Failure(kind: .unreachable, detail: "PostgreSQL unreachable (\(error.code))")
        }
        let kind: StoreHealth.FailureKind
        switch state {
        case "53100": kind = .diskFull  // disk_full
        case "58030": kind = .ioError  // io_error
        case "XX001", "XX002": kind = .corrupt  // data_corrupted, index_corrupted
        case "25006": kind = .readOnly  // read_only_sql_transaction: a standby, or default_transaction_read_only
        case _ where state.hasPrefix("57P") || state.hasPrefix("08"): kind = .unreachable  // shutdown, connection
        default: kind = .other
        }
        return StoreHealth.Failure(kind: kind, detail: "SQLSTATE \(state)")
    }
}

/// The server did not answer within the request timeout.
struct NoAnswer: Error, CustomStringConvertible {
    var what: String
    var seconds: Double

    var description: String { "PostgreSQL did not answer the \(what) within \(seconds) s" }
}
