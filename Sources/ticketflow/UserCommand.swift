import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowAuth
import TicketflowCore

#if canImport(Glibc)
import Glibc
#endif

/// `ticketflow user`: console accounts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage console users (agents and admins).",
        subcommands: [Create.self, List.self, SetPassword.self, Deactivate.self, Reactivate.self, Delete.self])
}

extension UserCommand {
    /// `ticketflow user create`: the way the first admin comes to exist.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a console user.",
            discussion: """
                The password is read from standard input with --password-stdin (one line), \
                otherwise asked for twice at a prompt that does not echo. At least \
                \(AccountService.minimumPasswordLength) characters.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Sign-in email.")
        var email: String

        @Option(help: "Display name shown in the console and on every action.")
        var name: String

        @Flag(help: "Make the user an admin (default: agent).")
        var admin = false

        @Flag(help: "Read the password from standard input instead of a prompt.")
        var passwordStdin = false

        func run() async throws {
            let password = try readPassword(fromStandardInput: passwordStdin)
            try await CLIServices.with(store) { services in
                let user = try await services.accounts.createUser(
                    email: email, name: name, role: admin ? .admin : .agent, password: password)
                print("created \(user.role.rawValue) \(user.email) (id \(user.id))")
            }
        }
    }

    /// `ticketflow user set-password`: an admin's reset for someone who forgot theirs.
    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set a console user's password and sign them out everywhere.",
            discussion: "The password is read as for user create: --password-stdin, or a prompt that does not echo.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Sign-in email of the user.")
        var email: String

        @Flag(help: "Read the password from standard input instead of a prompt.")
        var passwordStdin = false

        func run() async throws {
            let password = try readPassword(fromStandardInput: passwordStdin)
            try await CLIServices.with(store) { services in
                try await services.accounts.resetPassword(email: email, password: password)
                print("set a new password for \(email.lowercased()); their sessions are ended")
            }
        }
    }

    /// `ticketflow user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List console users.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await CLIServices.with(store) { services in
                let users = try await services.store.users()
                if users.isEmpty {
                    print("no users; create the first admin with: ticketflow user create --admin --email E --name N")
                }
                for user in users {
                    let state = user.isActive ? "active" : "deactivated"
                    print("\(user.id)\t\(user.role.rawValue)\t\(state)\t\(user.email)\t\(user.name)")
                }
            }
        }
    }

    /// `ticketflow user deactivate`: someone away for long, or gone, whose history should stay.
    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deactivate",
            abstract:
                "Sign a console user out, refuse their sign-ins and give their unfinished tickets back to the queue.",
            discussion: "The account and its history stay; user reactivate brings it back. Never the last active admin."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Sign-in email of the user.")
        var email: String

        func run() async throws {
            try await CLIServices.with(store) { services in
                let user = try await services.accounts.setActive(email: email, active: false, by: nil)
                print("deactivated \(user.role.rawValue) \(user.email); their sessions are ended")
            }
        }
    }

    /// `ticketflow user reactivate`.
    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reactivate", abstract: "Let a deactivated console user sign in again.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Sign-in email of the user.")
        var email: String

        func run() async throws {
            try await CLIServices.with(store) { services in
                let user = try await services.accounts.setActive(email: email, active: true, by: nil)
                print("reactivated \(user.role.rawValue) \(user.email); they can sign in again")
            }
        }
    }

    /// `ticketflow user delete`: someone who leaves loses console access at once.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Remove a console user and end their sessions (never the last admin).")

        @OptionGroup var store: StoreOptions

        @Option(help: "Sign-in email of the user to remove.")
        var email: String

        func run() async throws {
            try await CLIServices.with(store) { services in
                let user = try await services.accounts.removeUser(email: email, by: nil)
                print("removed \(user.role.rawValue) \(user.email) (\(user.name)); their sessions are ended")
            }
        }
    }
}

/// A password from one line of standard input, or typed twice at a prompt that does not echo.
private func readPassword(fromStandardInput: Bool) throws -> String {
    if fromStandardInput {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIFailure("no password on standard input", hint: "pipe one line into --password-stdin")
        }
        return line
    }
    guard isatty(STDIN_FILENO) == 1 else {
        throw CLIFailure("standard input is not a terminal", hint: "pass the password with --password-stdin")
    }
    let first = String(cString: getpass("Password: "))
    let second = String(cString: getpass("Repeat password: "))
    guard first == second else { throw CLIFailure("the passwords do not match", hint: "run the command again") }
    return first
}
