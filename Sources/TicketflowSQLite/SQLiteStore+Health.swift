import Foundation
import GRDB
import TicketflowCore

/// Feeding the write-health recorder: which failed writes say something
/// about the storage, and how to name them without SQL or values.
extension SQLiteStore: StoreHealthReporting {
    /// Records the outcome of a write whose error (if any) was not an answer
    /// such as a conflict: StoreErrors thrown by the write's own code are
    /// answers and leave the record as it was.
    static func record(_ error: (any Error)?, in health: StoreHealth) {
        guard let error else {
            health.recordWriteSuccess()
            return
        }
        if let failure = failure(of: error) { health.recordWriteFailure(failure) }
    }

    /// The storage failure `error` stands for; nil for the store's own answers.
    static func failure(of error: any Error) -> StoreHealth.Failure? {
        if error is any StoreAnswer { return nil }
        guard let error = error as? DatabaseError else {
            return StoreHealth.Failure(kind: .other, detail: "the write failed: \(type(of: error))")
        }
        let kind: StoreHealth.FailureKind
        switch error.resultCode {
        case .SQLITE_FULL: kind = .diskFull
        case .SQLITE_IOERR: kind = .ioError
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .corrupt
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: kind = .readOnly
        default: kind = .other
        }
        // sqlite3_errmsg text ("database or disk is full"); GRDB's description would add the SQL.
        let code = resultCodeName(error.extendedResultCode)
        return StoreHealth.Failure(kind: kind, detail: "\(code): \(error.message ?? "no message")")
    }

    static func resultCodeName(_ code: ResultCode) -> String {
        switch code.primaryResultCode {
        case .SQLITE_FULL: "SQLITE_FULL"
        case .SQLITE_IOERR: code == .SQLITE_IOERR ? "SQLITE_IOERR" : "SQLITE_IOERR (extended \(code.rawValue))"
        case .SQLITE_CORRUPT: "SQLITE_CORRUPT"
        case .SQLITE_NOTADB: "SQLITE_NOTADB"
        case .SQLITE_READONLY: "SQLITE_READONLY"
        case .SQLITE_CANTOPEN: "SQLITE_CANTOPEN"
        case .SQLITE_PERM: "SQLITE_PERM"
        case .SQLITE_BUSY: "SQLITE_BUSY"
        default: "SQLite error \(code.rawValue)"
        }
    }

    /// Bytes free on the file system holding `directory`, nil when it cannot be read.
    static func freeBytes(in directory: String) -> Int64? {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value
    }
}
