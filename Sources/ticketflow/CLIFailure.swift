import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowDatasets
import TicketflowTriage

/// A command that failed while running (store, file, network, a refused
/// change): printed as one line, `error: <what> (<what to do>)`, exit code 1.
/// The usage text is kept for mistakes in the command line, which commands
/// report with ArgumentParser's `ValidationError`.
struct CLIFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var what: String
    /// What to do about it, when there is something useful to say.
    var hint: String?

    init(_ what: String, hint: String? = nil) {
        self.what = what
        self.hint = hint
    }

    var description: String { hint.map { "\(what) (\($0))" } ?? what }

    /// The one line for any error a command's `run()` lets through: the
    /// project's typed errors get their message and a hint, anything else
    /// (an operating-system or driver error) its own description.
    init(_ error: any Error) {
        switch error {
        case let failure as CLIFailure:
            self = failure
        case let error as StoreError:
            switch error.code {
            case .notFound: self.init(error.message)
            case .conflict: self.init(error.message)
            case .unavailable:
                self.init(error.message, hint: "check --data-dir or --database-url, permissions and free disk space")
            }
        case let refusal as Refusal:
            self.init(refusal.message)
        case let error as TicketflowCore.ValidationError:
            self.init("invalid input: \(error)")
        case let error as ConfigurationError:
            self.init(error.description, hint: "check the flags, the TICKETFLOW_* variables and the config file")
        case let error as DatasetError:
            self.init(error.message, hint: "see `ticketflow model train --help` for the accepted formats")
        case let error as ModelFileError:
            self.init(error.message)
        case let error as TrainingError:
            self.init(error.message)
        case let error as CocoaError:
            self.init(Self.describe(error))
        default:
            self.init(String(describing: error))
        }
    }

    /// A file-system error with the path it was about, which Foundation's
    /// localized text leaves out on Linux.
    private static func describe(_ error: CocoaError) -> String {
        let path = error.filePath ?? error.url?.path
        return path.map { "\($0): \(error.fileSystemReason)" } ?? error.fileSystemReason
    }
}
