import Foundation
import HTTPServer
import Store

/// An account as every response names it — `id`, `code`, `name` — whether a ledger account, a ledger report's
/// account, a bank account of the cashflow or a control account of the ageing.
protocol NamedAccount {
    var id: UUID { get }
    var code: String { get }
    var name: String { get }
}

extension Account: NamedAccount {}
extension ReportAccount: NamedAccount {}
extension CashflowReport.BankAccount: NamedAccount {}
extension AgeingReport.ControlAccount: NamedAccount {}

extension JSONWriter {
    /// The account's `id`, `code` and `name`, in this order.
    mutating func accountName(_ account: some NamedAccount) {
        key("id"); id(account.id)
        key("code"); string(account.code)
        key("name"); string(account.name)
    }
}
