// recur-admin: parses, runs, and maps errors to documented exit codes (see RecurAdmin.swift, docs/admin-cli.md).
#if canImport(Glibc)
import Glibc
#endif

exit(AdminMain.run(Array(CommandLine.arguments.dropFirst())).rawValue)
