import Domain
import Foundation
import Postgres

/// One setup's share of a batch: the occurrences to post (in date order; possibly none) and, for the EOD, when
/// the setup is next due afterwards.
struct RecurringInvoiceBatchItem {
    /// When the setup is next due (`nil`: never again) and when its schedule ends (`nil`: open-ended).
    struct NextPosting {
        var date: CalendarDate?
        var scheduleEndsOn: CalendarDate?
    }

    var setupID: UUID
    var occurrences: [Occurrence]
    /// `nil` leaves the stored next posting date alone.
    var next: NextPosting?
    /// The setup's schedule when the caller has it decoded already (the EOD has), to save decoding it again.
    var schedule: Schedule? = nil
}

/// Posts occurrences of many recurring invoice setups at once, inside the caller's transaction: the one posting
/// path of recurring invoices, for the EOD's batches and for a single occurrence alike.
///
/// Each occurrence becomes an issued invoice — dated its posting date, due on its due date plus the setup's
/// terms, the statement reference expanded for it — with its lines, its number from the tenant's gapless sequence
/// and its journal entry (Dr the party's control account; Cr each mapped income account; Cr tax payable); the
/// invoice records its occurrence (date, index, period), which a unique key keeps single, and the setup's
/// cursor moves.
///
/// Set-based: the setups, their lines, parties and items are read with one query each; numbers are reserved as
/// one block; every table gets one `COPY` (invoices and their lines, journal entries and their lines) and the
/// cursors one `UPDATE`. The database checks the same invariants as for a single invoice
/// (balanced entries, gapless numbers, lines only on invoices being created), once per statement or at COMMIT.
struct RecurringInvoiceBatch {
    let db: PostgresConnection

    /// What every occurrence of one setup shares: lines and amounts depend on the setup, not on the date.
    private struct Template {
        let setup: RecurringInvoiceSetup
        let party: Party
        let lines: [ResolvedLine]
        let amounts: InvoiceAmounts
        /// The issue entry's lines (``PostingRules/invoiceIssued``), the same for every occurrence.
        let entryLines: [PostingLine]
        let reference: StatementReference
    }

    /// One invoice to write.
    private struct Posting {
        let template: Template
        let occurrence: Occurrence
        /// The invoice's date: ``InvoiceDating/occurrenceInvoiceDate(postingDate:eodDate:)``.
        let invoiceDate: CalendarDate
        let dueDate: CalendarDate
        let reference: String
        /// Assigned once the batch is in number order.
        var invoiceID = Posting.unassigned
        var entryID = Posting.unassigned
        static let unassigned = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var sequence: Int64 = 0
        var number = ""
    }

    /// Posts every occurrence of `items` and moves each setup's cursor (and next posting date, when given).
    /// Invoice numbers follow posting dates, then the order of `items`. Each invoice is dated `eodDate` (the EOD's
    /// business date; `nil`: its posting date), moved forward to the earliest date the sequence and the lock date
    /// allow (docs/invoicing.md, "Numbering and dating"); its occurrence keeps its posting date and period.
    /// - Returns: the new invoices, in number order.
    /// - Throws: ``LedgerError/notFound(resource:id:)`` for a missing setup; ``LedgerError/conflict(_:)`` when a
    ///   setup is stopped or an occurrence is already posted; ``LedgerError/validation(_:)`` as creating and
    ///   issuing the invoice by hand would (an archived party, a zero total, a reference over 500 characters…).
    func post(_ items: [RecurringInvoiceBatchItem], eodDate: CalendarDate?) throws -> [IssuedInvoiceSummary] {
        let templates = try self.templates(for: items.filter { !$0.occurrences.isEmpty })
        var postings = [Posting]()
        if !templates.isEmpty {
            // Locks the counter (to COMMIT, as reserving does) and the lock date: the dates below stay allowed.
            let dating = try InvoiceNumbering(db).dating()
            for item in items {
                guard let template = templates[item.setupID] else { continue }
                for occurrence in item.occurrences {
                    postings.append(try posting(template, occurrence, dating.occurrenceInvoiceDate(
                        postingDate: occurrence.postingDate, eodDate: eodDate)))
                }
            }
        }
        // Numbers follow the posting date; `postings` is already in item order within a date (a stable sort).
        postings = postings.enumerated()
            .sorted { ($0.element.occurrence.postingDate, $0.offset) < ($1.element.occurrence.postingDate, $1.offset) }
            .map(\.element)
        var issuedAt = ""
        if !postings.isEmpty {
            // Invoice dates follow posting dates (the dating rule is monotonic), so the last is the latest.
            let lastDate = postings.map(\.invoiceDate).max()
            let block = try db.query(RecurringInvoiceBatchStatements.reserveNumbers, [postings.count, lastDate])
                .first(orNotFound: "invoice numbering")
            let first = try block.decode(Int64.self, "first_sequence_number")
            let pattern = try InvoiceNumbering.pattern(block)
            issuedAt = try block.decode(String.self, "issued_at")
            // Ids in number order too, time-ordered: each table's index entries for the batch stay together.
            var ids = TimeOrderedUUIDs(expected: postings.count * 2)
            for index in postings.indices {
                postings[index].invoiceID = ids.next()
                postings[index].entryID = ids.next()
                let sequence = first + Int64(index)
                postings[index].sequence = sequence
                postings[index].number = pattern.format(sequence: sequence, issueDate: postings[index].invoiceDate)
            }
            try write(postings, issuedAt: issuedAt)
        }
        try moveCursors(items)
        return postings.map {
            IssuedInvoiceSummary(
                id: $0.invoiceID, number: $0.number, invoiceDate: $0.invoiceDate, dueDate: $0.dueDate,
                total: $0.template.amounts.total, currency: $0.template.party.currency, statementReference: $0.reference,
                partyID: $0.template.party.id, partyName: $0.template.party.name,
                partyEmail: $0.template.party.email, occurrenceDate: $0.occurrence.postingDate)
        }
    }

    // MARK: Reading

    private func templates(for items: [RecurringInvoiceBatchItem]) throws -> [UUID: Template] {
        guard !items.isEmpty else { return [:] }
        let setupIDs = items.map(\.setupID)
        var schedules = [UUID: Schedule](minimumCapacity: items.count)
        for item in items { schedules[item.setupID] = item.schedule }
        let lines = try RecurringInvoiceKind.lines(setupIDs, on: db)
        var setups = [UUID: RecurringInvoiceSetup](minimumCapacity: items.count)
        for row in try db.query(RecurringInvoiceSetupStatements.template.byIDs, [SQLArray(setupIDs)]) {
            let id = try row.decode(UUID.self, "id")
            let setup = try RecurringInvoiceKind.setup(row, lines: lines, schedule: schedules[id])
            setups[setup.id] = setup
        }
        let parties = try PartyRepository(db).parties(setups.values.map(\.partyID))
        var taxPayable: UUID?  // looked up once, by the first template with tax outside a tax code
        var drafts = [(RecurringInvoiceSetup, InvoiceDraft)]()
        drafts.reserveCapacity(items.count)
        for id in setupIDs {
            guard let setup = setups[id] else {
                throw LedgerError.notFound(resource: RecurringInvoiceKind.resource, id: id.uuidString.lowercased())
            }
            guard setup.recurring.isActive else {
                throw LedgerError(setup.recurring.endedAt == nil ? .paused : .ended, resource: RecurringInvoiceKind.resource)
            }
            drafts.append((setup, RecurringInvoiceKind.invoiceTemplate(setup)))
        }
        let lookup = try InvoiceLineResolver(db: db).lookup(for: drafts.flatMap(\.1.lines))
        var templates = [UUID: Template](minimumCapacity: items.count)
        // Setups of a tenant mostly share a few reference texts: each is parsed once per batch.
        var references = [String: StatementReference]()
        for (setup, draft) in drafts {
            let party = try InvoiceRepository.checkHeader(draft, party: parties[setup.partyID])
            let (lines, amounts) = try InvoiceLineResolver.prepare(
                draft.lines, discount: draft.discount, currency: party.currency, allowArchivedItems: true,
                pricesIncludeTax: draft.pricesIncludeTax, lookup: lookup)
            guard amounts.total.isPositive else {
                throw LedgerError.invalid("lines", .outOfRange, "the invoice total must be greater than zero to issue it")
            }
            let reference: StatementReference
            if let parsed = references[setup.statementReference] {
                reference = parsed
            } else {
                do { reference = try StatementReference(setup.statementReference) } catch {
                    throw LedgerError.validation(FieldViolations([error.fieldViolation(at: "statementReference")]))
                }
                references[setup.statementReference] = reference
            }
            templates[setup.id] = Template(
                setup: setup, party: party, lines: lines, amounts: amounts,
                entryLines: try PostingRules.invoiceIssued(
                    controlAccount: party.controlAccountID, total: amounts.total,
                    lines: zip(lines, amounts.lines).map { ($0.incomeAccountID, $1.net) },
                    campaigns: lines.map(\.campaign),
                    taxes: zip(lines, amounts.lines).map { ($0.taxAccountID, $1.tax) },
                    defaultTaxAccount: {
                        if let taxPayable { return taxPayable }
                        let account = try AccountRepository(db).account(role: .taxPayable).id
                        taxPayable = account
                        return account
                    }),
                reference: reference)
        }
        return templates
    }

    private func posting(_ template: Template, _ occurrence: Occurrence, _ invoiceDate: CalendarDate) throws -> Posting {
        guard let due = InvoiceDating.dueDate(
            occurrenceDue: occurrence.dueDate, invoiceDate: invoiceDate, termsDays: template.setup.paymentTermsDays)
        else {
            throw LedgerError.invalid("occurrence", .outOfRange, "falls due too late")
        }
        let reference = template.reference.expand(for: occurrence)
        try LedgerError.check(TextField.violations(reference, at: "statementReference", maxLength: 500))
        return Posting(template: template, occurrence: occurrence, invoiceDate: invoiceDate, dueDate: due, reference: reference)
    }

    // MARK: Writing

    private func write(_ postings: [Posting], issuedAt: String) throws {
        // Parents before their lines: entries with their lines in one statement (both statement-level checks see
        // both tables), then the issued invoices, then their lines (which may join an invoice issued in this
        // transaction; sql/tenant/0013).
        try insertEntries(postings)
        // A unique key on (setup, occurrence date) and (setup, index) is the last guard against posting twice.
        do {
            try db.copyIn(RecurringInvoiceBatchStatements.copyInvoices) { out in
                for posting in postings {
                    let template = posting.template
                    let amounts = template.amounts
                    out.append(posting.invoiceID)
                    out.append(template.party.id)
                    out.append(template.party.currency.code)
                    out.append(Int(posting.sequence))
                    out.append(posting.number)
                    out.append(LedgerSQL.date(posting.invoiceDate))
                    out.append(LedgerSQL.date(posting.dueDate))
                    out.append(template.setup.paymentTermsDays)
                    out.append(posting.reference)
                    out.append(template.setup.discount?.kind)
                    out.append(template.setup.discount?.value.description)
                    out.append(amounts.subtotal.description)
                    out.append(amounts.discountTotal.description)
                    out.append(amounts.taxTotal.description)
                    out.append(amounts.total.description)
                    out.append(template.setup.id)
                    out.append(posting.entryID)
                    out.append(issuedAt)
                    out.append("issued")
                    let occurrence = posting.occurrence
                    out.append(LedgerSQL.date(occurrence.postingDate))
                    out.append(occurrence.index)
                    out.append(LedgerSQL.date(occurrence.dueDate))
                    out.append(LedgerSQL.date(occurrence.periodStart))
                    out.append(LedgerSQL.date(occurrence.periodEnd))
                    out.append(template.setup.pricesIncludeTax ? "t" : "f")
                    try out.endRow()
                }
            }
        } catch let error as PostgresError
            where error.sqlState == .uniqueViolation
            && RecurringInvoiceBatchStatements.occurrenceKeys.contains(error.serverError?.constraint ?? "")
        {
            if postings.count == 1, let occurrence = postings.first?.occurrence {
                throw LedgerError.conflict("occurrence \(occurrence.index) (\(occurrence.postingDate)) is already posted")
            }
            throw LedgerError.conflict("an occurrence of this batch is already posted")
        }
        try db.copyIn(RecurringInvoiceBatchStatements.copyInvoiceLines) { out in
            for posting in postings {
                for (index, (line, amount)) in zip(posting.template.lines, posting.template.amounts.lines).enumerated() {
                    out.append(posting.invoiceID)
                    out.append(index + 1)
                    out.append(line.itemID)
                    out.append(line.description)
                    out.append(line.quantity.description)
                    out.append(line.unitPrice.description)
                    out.append(line.discount?.kind)
                    out.append(line.discount?.value.description)
                    out.append(line.taxRate?.description)
                    out.append(line.incomeAccountID)
                    out.append(amount.gross.description)
                    out.append(amount.discount.description)
                    out.append(amount.net.description)
                    out.append(amount.tax.description)
                    out.append(line.taxCodeID)
                    out.append(line.campaign)
                    try out.endRow()
                }
            }
        }
    }

    /// The issue entry of every posting, with its lines, in one `INSERT`: Dr the party's control account the
    /// total; Cr each income account its net; Cr tax payable the tax. Every line names the party and the invoice.
    private func insertEntries(_ postings: [Posting]) throws {
        var entries = EntryColumns(capacity: postings.count)
        var lines = EntryLineColumns(capacity: postings.count * 3)
        for posting in postings {
            let template = posting.template
            entries.append(posting)
            var lineNumber = 1
            for line in template.entryLines {
                lines.append(
                    posting, &lineNumber, account: line.account, debit: line.side == .debit ? line.amount : nil,
                    credit: line.side == .credit ? line.amount : nil, memo: line.memo, campaign: line.campaign)
            }
        }
        try db.query(RecurringInvoiceBatchStatements.insertEntries, entries.values + lines.values)
    }

    /// `insertEntries`' entry columns ($1–$5).
    private struct EntryColumns {
        var id, source: PostgresBinaryArray<UUID>
        var date: PostgresBinaryArray<CalendarDate>
        var currency, memo: PostgresArrayText

        init(capacity: Int) {
            id = PostgresBinaryArray(capacity: capacity)
            date = PostgresBinaryArray(capacity: capacity)
            currency = PostgresArrayText(capacity: capacity * 6)
            memo = PostgresArrayText(capacity: capacity * 24)
            source = PostgresBinaryArray(capacity: capacity)
        }

        mutating func append(_ posting: Posting) {
            id.append(posting.entryID)
            date.append(posting.invoiceDate)
            currency.append(posting.template.party.currency.code)
            memo.append("Invoice \(posting.number)")
            source.append(posting.invoiceID)
        }

        var values: [any PostgresEncodable] { [id, date, currency, memo, source] }
    }

    /// `insertEntries`' line columns ($6–$14).
    private struct EntryLineColumns {
        var entry, account, party, document: PostgresBinaryArray<UUID>
        var number: PostgresBinaryArray<Int32>
        var debit, credit, memo, campaign: PostgresArrayText

        init(capacity: Int) {
            entry = PostgresBinaryArray(capacity: capacity)
            number = PostgresBinaryArray(capacity: capacity)
            account = PostgresBinaryArray(capacity: capacity)
            debit = PostgresArrayText(capacity: capacity * 8)
            credit = PostgresArrayText(capacity: capacity * 8)
            party = PostgresBinaryArray(capacity: capacity)
            memo = PostgresArrayText(capacity: capacity * 5)
            document = PostgresBinaryArray(capacity: capacity)
            campaign = PostgresArrayText(capacity: capacity)
        }

        mutating func append(
            _ posting: Posting, _ lineNumber: inout Int, account: UUID, debit: ExactDecimal? = nil,
            credit: ExactDecimal? = nil, memo: String? = nil, campaign: String? = nil
        ) {
            entry.append(posting.entryID)
            number.append(Int32(lineNumber))
            self.account.append(account)
            self.debit.append(debit?.description ?? "0")
            self.credit.append(credit?.description ?? "0")
            party.append(posting.template.party.id)
            self.memo.append(memo)
            document.append(posting.invoiceID)
            self.campaign.append(campaign)
            lineNumber += 1
        }

        var values: [any PostgresEncodable] { [entry, number, account, debit, credit, party, memo, document, campaign] }
    }

    /// One UPDATE for every setup of the batch: the cursor moves forward (never back), the next posting date and
    /// schedule end are stored where given.
    private func moveCursors(_ items: [RecurringInvoiceBatchItem]) throws {
        guard !items.isEmpty else { return }
        var ids = PostgresBinaryArray<UUID>(capacity: items.count)
        var lastIndexes = PostgresBinaryArray<Int32>(capacity: items.count)
        var lastDates = PostgresBinaryArray<CalendarDate>(capacity: items.count)
        var setNext = PostgresBinaryArray<Bool>(capacity: items.count)
        var nextDates = PostgresBinaryArray<CalendarDate>(capacity: items.count)
        var endDates = PostgresBinaryArray<CalendarDate>(capacity: items.count)
        for item in items {
            ids.append(item.setupID)
            let last = item.occurrences.last
            lastIndexes.append(try last.map { try Self.occurrenceIndex($0.index) })
            lastDates.append(last?.postingDate)
            setNext.append(item.next != nil)
            nextDates.append(item.next?.date)
            endDates.append(item.next?.scheduleEndsOn)
        }
        try db.query(
            RecurringInvoiceBatchStatements.moveCursors, [ids, lastIndexes, lastDates, setNext, nextDates, endDates])
    }

    /// An occurrence index as the `integer` column holds it (schedules are bounded far below 2^31).
    private static func occurrenceIndex(_ index: Int) throws -> Int32 {
        guard let value = Int32(exactly: index) else {
            throw PostgresError.encoding(parameter: 2, reason: "occurrence index \(index) is out of the integer range")
        }
        return value
    }
}
