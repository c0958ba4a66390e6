import ArgumentParser

/// `recur-admin tenant …`
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Create, list, show, update, suspend, resume, delete and move tenants; their delivery settings and lock date.",
        subcommands: [
            TenantCreateCommand.self, TenantListCommand.self, TenantShowCommand.self, TenantSuspendCommand.self,
            TenantResumeCommand.self, TenantDeleteCommand.self, TenantUpdateCommand.self, TenantDeliveryCommand.self,
            TenantLockDateCommand.self, TenantSparesCommand.self, TenantMoveCommand.self,
        ]
    )
}
