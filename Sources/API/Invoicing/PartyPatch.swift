import Domain
import HTTPServer
import Store

extension MasterDataRoutes {
    /// The body of `PATCH /v1/parties/{id}` applied to `party`: each field given replaces the party's, `null` meaning
    /// what it means in `PUT` (no e-mail, the default control account, terms 0, no language, no cc …); the rest stays.
    static func partyPatch(_ request: Request, onto party: Party) throws -> PartyDraft {
        let body = try RequestBody(request)
        let r = body.reader
        var draft = PartyDraft(party)
        if r.contains("name") { draft.name = r.string("name") }
        if r.contains("email") { draft.email = r.optionalString("email") }
        if r.contains("control_account_id") { draft.controlAccountID = r.optionalUUID("control_account_id") }
        if r.contains("payment_terms_days") { draft.paymentTermsDays = r.optionalInt("payment_terms_days") ?? 0 }
        if r.contains("currency") { draft.currency = currency(r) }
        if r.contains("billing_address") { draft.billingAddress = PostalAddressJSON.read(r, "billing_address") }
        if r.contains("vat_id") { draft.vatID = r.optionalString("vat_id") }
        if r.contains("registration_id") { draft.registrationID = r.optionalString("registration_id") }
        if r.contains("buyer_reference") { draft.buyerReference = r.optionalString("buyer_reference") }
        if r.contains("reminders_opt_out") { draft.remindersOptOut = r.optionalBool("reminders_opt_out") ?? false }
        if r.contains("language") { draft.language = r.optionalEnumValue("language", DocumentLocale.self) }
        if r.contains("billing_cc") { draft.billingCC = r.optionalStringArray("billing_cc") ?? [] }
        try body.finish()
        return draft
    }
}
