/// ISO 20022 `camt.053` (bank-to-customer statement), any version 001.02…001.13: every `Stmt` of the file, each
/// booked `Ntry` one line, or one line per `TxDtls` of a batched entry (their amounts must add up to the
/// entry's); `RvslInd` marks reversals; the `OPBD`/`PRCD` and `CLBD` balances are checked against the movements.
///
/// Pending and information-only entries (`Sts` other than `BOOK`) are skipped: they are not on the account yet.
public enum CAMT053Parser {
    public static func parse(_ bytes: [UInt8]) throws(BankStatementError) -> [BankStatement] {
        let root = try StatementXML.parse(bytes)
        guard root.name == "Document", let message = root.child("BkToCstmrStmt") else {
            throw BankStatementError("line \(root.line)", "not a camt.053 document (expected Document/BkToCstmrStmt)")
        }
        let statements = message.children("Stmt")
        guard !statements.isEmpty else { throw BankStatementError("BkToCstmrStmt", "has no Stmt") }
        var result = [BankStatement]()
        var lineCount = 0
        for (index, element) in statements.enumerated() {
            let statement = try parseStatement(element, at: "Stmt[\(index + 1)]")
            lineCount += statement.lines.count
            guard lineCount <= BankStatementRules.maxLines else {
                throw BankStatementError("Stmt[\(index + 1)]", "the file has more than \(BankStatementRules.maxLines) movements")
            }
            result.append(statement)
        }
        return result
    }

    static func parseStatement(_ element: StatementXMLElement, at path: String) throws(BankStatementError) -> BankStatement {
        let accountCurrency = element.value("Acct", "Ccy")
        var currency: Currency?
        if let code = accountCurrency {
            guard let known = Currency(code: code) else { throw error(element.at("Acct", "Ccy"), "\(path)/Acct/Ccy", "is not an ISO 4217 currency") }
            currency = known
        }
        var opening: ExactDecimal?
        var closing: ExactDecimal?
        for (index, balance) in element.children("Bal").enumerated() {
            let balancePath = "\(path)/Bal[\(index + 1)]"
            let code = balance.value("Tp", "CdOrPrtry", "Cd") ?? balance.value("Tp", "CdOrPrtry", "Prtry") ?? ""
            guard code == "OPBD" || code == "PRCD" || code == "CLBD" else { continue }
            let amount = try signedAmount(balance, at: balancePath, currency: &currency)
            if code == "CLBD" { closing = amount } else if opening == nil || code == "OPBD" { opening = amount }
        }
        var lines = [BankStatementLine]()
        for (index, entry) in element.children("Ntry").enumerated() {
            let entryPath = "\(path)/Ntry[\(index + 1)]"
            let status = entry.value("Sts", "Cd") ?? entry.value("Sts") ?? "BOOK"
            guard status == "BOOK" else { continue }
            lines += try parseEntry(entry, at: entryPath, currency: &currency)
        }
        let statement = BankStatement(
            statementID: element.value("Id"),
            accountIdentifier: element.value("Acct", "Id", "IBAN") ?? element.value("Acct", "Id", "Othr", "Id"),
            currency: currency, openingBalance: opening, closingBalance: closing, lines: lines)
        try BankStatementRules.checkBalances(statement, at: "\(path)/Bal")
        return statement
    }

    static func parseEntry(
        _ entry: StatementXMLElement, at path: String, currency: inout Currency?
    ) throws(BankStatementError) -> [BankStatementLine] {
        let amount = try signedAmount(entry, at: path, currency: &currency)
        guard !amount.isZero else { throw error(entry.child("Amt"), "\(path)/Amt", "must not be zero") }
        guard let booking = date(entry.child("BookgDt")) else {
            throw error(entry.child("BookgDt") ?? entry, "\(path)/BookgDt", "must hold a Dt or DtTm date")
        }
        let valueDate = date(entry.child("ValDt"))
        let reversal = entry.value("RvslInd").map { $0 == "true" || $0 == "1" } ?? false
        let entryReference = entry.value("AcctSvcrRef")
        let entryInfo = entry.value("AddtlNtryInf")
        let transactions = entry.children("NtryDtls").flatMap { $0.children("TxDtls") }
        var base = BankStatementLine(
            bankReference: entryReference, bookingDate: booking, valueDate: valueDate, amount: amount,
            description: entryInfo ?? "", isReversal: reversal)
        guard transactions.count > 1 else {
            if let transaction = transactions.first { details(transaction, into: &base, entryInfo: entryInfo, credit: amount.isPositive) }
            return [base]
        }
        // A batch: one line per transaction, their amounts adding up to the entry's.
        var lines = [BankStatementLine]()
        var sum = ExactDecimal.zero
        for (index, transaction) in transactions.enumerated() {
            let transactionPath = "\(path)/NtryDtls/TxDtls[\(index + 1)]"
            guard let amountElement = transaction.child("Amt") ?? transaction.at("AmtDtls", "TxAmt", "Amt") else {
                throw error(transaction, transactionPath, "a transaction of a batch must state its Amt")
            }
            let indicator = transaction.value("CdtDbtInd") ?? (amount.isPositive ? "CRDT" : "DBIT")
            let lineAmount = try money(amountElement, indicator: indicator, at: "\(transactionPath)/Amt", currency: &currency)
            var line = base
            line.amount = lineAmount
            line.bankReference = transaction.value("Refs", "AcctSvcrRef") ?? entryReference.map { "\($0)#\(index + 1)" }
            details(transaction, into: &line, entryInfo: entryInfo, credit: lineAmount.isPositive)
            guard let next = try? sum.adding(lineAmount) else { throw error(transaction, transactionPath, "the amounts overflow") }
            sum = next
            lines.append(line)
        }
        guard sum == amount else {
            throw error(entry, path, "the batch's transactions add up to \(sum), not the entry's \(amount)")
        }
        return lines
    }

    /// Remittance information, references and the other party of one transaction.
    static func details(_ transaction: StatementXMLElement, into line: inout BankStatementLine, entryInfo: String?, credit: Bool) {
        let remittance = transaction.child("RmtInf")
        let unstructured = remittance?.children("Ustrd").compactMap { element -> String? in
            let text = element.text.trimmedWhitespace()
            return text.isEmpty ? nil : text
        } ?? []
        let parts = unstructured + [transaction.value("AddtlTxInf"), entryInfo].compactMap { $0 }
        var seen = Set<String>()
        line.description = String(parts.filter { seen.insert($0).inserted }.joined(separator: " / ").prefix(1000))
        let structured = remittance?.children("Strd").compactMap { $0.value("CdtrRefInf", "Ref") }.first
        let endToEnd = transaction.value("Refs", "EndToEndId").flatMap { $0 == "NOTPROVIDED" ? nil : $0 }
        line.reference = structured ?? endToEnd
        if line.bankReference == nil { line.bankReference = transaction.value("Refs", "AcctSvcrRef") }
        let parties = transaction.child("RltdPties")
        let party = credit ? "Dbtr" : "Cdtr"
        line.counterpartyName = parties?.value(party, "Nm") ?? parties?.value(party, "Pty", "Nm")
        line.counterpartyIBAN = parties?.value(party + "Acct", "Id", "IBAN").flatMap(BankIdentifiers.iban)
    }

    /// `Amt` (with its `Ccy`) and `CdtDbtInd` of an entry or balance, negative for `DBIT`.
    static func signedAmount(
        _ element: StatementXMLElement, at path: String, currency: inout Currency?
    ) throws(BankStatementError) -> ExactDecimal {
        guard let amount = element.child("Amt") else { throw error(element, "\(path)/Amt", "is required") }
        guard let indicator = element.value("CdtDbtInd") else { throw error(element, "\(path)/CdtDbtInd", "is required") }
        return try money(amount, indicator: indicator, at: "\(path)/Amt", currency: &currency)
    }

    static func money(
        _ amount: StatementXMLElement, indicator: String, at path: String, currency: inout Currency?
    ) throws(BankStatementError) -> ExactDecimal {
        guard let value = ExactDecimal(amount.text.trimmedWhitespace()), !value.isNegative else {
            throw error(amount, path, "must be a non-negative decimal amount")
        }
        if let code = amount.attributes["Ccy"] {
            guard let stated = Currency(code: code) else { throw error(amount, path, "has an unknown currency \(code)") }
            if let known = currency, known != stated {
                throw error(amount, path, "is in \(code) but the statement is in \(known.code)")
            }
            currency = stated
        }
        switch indicator {
        case "CRDT": return value
        case "DBIT": return value.negated
        default: throw error(amount, path.replacingSuffix("Amt", with: "CdtDbtInd"), "must be CRDT or DBIT")
        }
    }

    /// `Dt` (`2026-03-02`) or `DtTm` (its date part) of a date element.
    static func date(_ element: StatementXMLElement?) -> CalendarDate? {
        guard let text = element?.value("Dt") ?? element?.value("DtTm") else { return nil }
        return CalendarDate(String(text.prefix(10)))
    }

    static func error(_ element: StatementXMLElement?, _ path: String, _ message: String) -> BankStatementError {
        BankStatementError(element.map { "\(path) (line \($0.line))" } ?? path, message)
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
