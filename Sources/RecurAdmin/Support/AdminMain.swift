import ArgumentParser

/// Parses the arguments, runs the command, and turns every outcome into an exit code and at most one line on
/// stderr. ArgumentParser's own exit handling is bypassed so that usage errors give 2, not 64.
enum AdminMain {
    static func run(_ arguments: [String]) -> AdminExitCode {
        var command: any ParsableCommand
        do {
            command = try RecurAdmin.parseAsRoot(arguments)
        } catch {
            return reportParseError(error)
        }
        do {
            try command.run()
            return .ok
        } catch let error as ExitCode {
            return AdminExitCode(rawValue: error.rawValue) ?? .failed
        } catch where isArgumentParserError(error) {
            // `help <command>` and `--help` after parsing arrive here as CleanExit or CommandError.
            return reportParseError(error)
        } catch {
            let failure = AdminFailure(error)
            Output.error(failure.message)
            return failure.exitCode
        }
    }

    /// ArgumentParser's own error types (CleanExit, ValidationError, its internal CommandError).
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        error is CleanExit || error is ValidationError
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func reportParseError(_ error: any Error) -> AdminExitCode {
        if RecurAdmin.exitCode(for: error) == .success {
            Output.out(RecurAdmin.fullMessage(for: error))
            return .ok
        }
        Output.error(RecurAdmin.message(for: error) + " (see --help)")
        return .usage
    }
}
