import ArgumentParser

/// `--json`, shared by the commands that can print JSON.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable snake_case keys, see docs/admin-cli.md) instead of text.")
    var json = false

    /// Prints `value` as JSON with `--json`, `text` otherwise: the one output choice of most commands.
    func print<Value: Encodable>(_ value: @autoclosure () -> Value, text: @autoclosure () -> String) throws {
        Output.out(json ? try JSONOutput.render(value()) : text())
    }
}

/// `<slug>`, the first argument of every command on one existing tenant.
struct TenantSlug: ParsableArguments {
    @Argument(help: "The tenant's slug.")
    var slug: String
}
