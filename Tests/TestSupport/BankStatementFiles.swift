import Foundation

/// Statement files written for the tests from the published standards (ISO 20022 camt.053.001.02, OFX 1.0.2
/// SGML and 2.1.1 XML, a French bank's CSV export), not copied from any bank.
public enum BankStatementFiles {
    /// A valid German IBAN (the account) and a valid British one (a customer).
    public static let accountIBAN = "DE89370400440532013000"
    public static let customerIBAN = "GB82WEST12345698765432"

    /// One `Ntry`: amount, CRDT/DBIT, booking date, optional reversal, reference and transaction details.
    public static func entry(
        _ amount: String, _ indicator: String, date: String, reference: String?, status: String = "BOOK",
        reversal: Bool = false, info: String? = nil, transactions: [String] = []
    ) -> String {
        var xml = "<Ntry><Amt Ccy=\"EUR\">\(amount)</Amt><CdtDbtInd>\(indicator)</CdtDbtInd>"
        if reversal { xml += "<RvslInd>true</RvslInd>" }
        xml += "<Sts>\(status)</Sts><BookgDt><Dt>\(date)</Dt></BookgDt><ValDt><Dt>\(date)</Dt></ValDt>"
        if let reference { xml += "<AcctSvcrRef>\(reference)</AcctSvcrRef>" }
        xml += "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
        if !transactions.isEmpty {
            xml += "<NtryDtls>"
            if transactions.count > 1 { xml += "<Btch><NbOfTxs>\(transactions.count)</NbOfTxs></Btch>" }
            xml += transactions.joined() + "</NtryDtls>"
        }
        if let info { xml += "<AddtlNtryInf>\(info)</AddtlNtryInf>" }
        return xml + "</Ntry>"
    }

    /// One `TxDtls` of a credit: optional own amount, debtor name and IBAN, unstructured text or a creditor reference.
    public static func transaction(
        amount: String? = nil, debtor: String? = nil, debtorIBAN: String? = nil, unstructured: String? = nil,
        creditorReference: String? = nil, endToEnd: String = "NOTPROVIDED"
    ) -> String {
        var xml = "<TxDtls><Refs><EndToEndId>\(endToEnd)</EndToEndId></Refs>"
        if let amount { xml += "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">\(amount)</Amt></TxAmt></AmtDtls>" }
        if debtor != nil || debtorIBAN != nil {
            xml += "<RltdPties>"
            if let debtor { xml += "<Dbtr><Nm>\(debtor)</Nm></Dbtr>" }
            if let debtorIBAN { xml += "<DbtrAcct><Id><IBAN>\(debtorIBAN)</IBAN></Id></DbtrAcct>" }
            xml += "</RltdPties>"
        }
        if unstructured != nil || creditorReference != nil {
            xml += "<RmtInf>"
            if let unstructured { xml += "<Ustrd>\(unstructured)</Ustrd>" }
            if let creditorReference {
                xml += "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>\(creditorReference)</Ref></CdtrRefInf></Strd>"
            }
            xml += "</RmtInf>"
        }
        return xml + "</TxDtls>"
    }

    /// A `Stmt` with its OPBD and CLBD balances (amounts positive, CRDT).
    public static func statement(id: String, opening: String, closing: String, entries: [String], iban: String = accountIBAN) -> String {
        """
        <Stmt><Id>\(id)</Id><CreDtTm>2026-03-31T18:00:00</CreDtTm>
        <Acct><Id><IBAN>\(iban)</IBAN></Id><Ccy>EUR</Ccy></Acct>
        <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(opening)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
        <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(closing)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
        \(entries.joined(separator: "\n"))
        </Stmt>
        """
    }

    /// A camt.053.001.02 document of the statements.
    public static func camt053(_ statements: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <BkToCstmrStmt><GrpHdr><MsgId>MSG-2026-03</MsgId><CreDtTm>2026-03-31T18:00:00</CreDtTm></GrpHdr>
        \(statements.joined(separator: "\n"))
        </BkToCstmrStmt></Document>
        """
    }

    /// Two statements: a customer payment with a creditor reference, a batch of two credits, a fee; then a
    /// reversal and a pending entry (not imported). 1000.00 + 164.00 + 300.00 − 2.50 = 1461.50; − 50.00 = 1411.50.
    public static func multiStatementCAMT(reference: String = "RF18539007547034") -> String {
        camt053([
            statement(
                id: "STMT-1", opening: "1000.00", closing: "1461.50",
                entries: [
                    entry("164.00", "CRDT", date: "2026-03-10", reference: "BANKREF-1", transactions: [
                        transaction(debtor: "Acme SARL", debtorIBAN: customerIBAN, creditorReference: reference, endToEnd: "E2E-1")
                    ]),
                    entry("300.00", "CRDT", date: "2026-03-11", reference: "BANKREF-2", transactions: [
                        transaction(amount: "100.00", debtor: "Beta GmbH", unstructured: "Invoice B-100"),
                        transaction(amount: "200.00", debtor: "Gamma Ltd", unstructured: "Invoice G-200"),
                    ]),
                    entry("2.50", "DBIT", date: "2026-03-12", reference: "BANKREF-3", info: "Frais de tenue de compte"),
                ]),
            statement(
                id: "STMT-2", opening: "1461.50", closing: "1411.50",
                entries: [
                    entry("50.00", "DBIT", date: "2026-03-20", reference: "BANKREF-4", reversal: true, info: "Retour virement"),
                    entry("10.00", "CRDT", date: "2026-03-21", reference: "BANKREF-5", status: "PDNG"),
                ]),
        ])
    }

    /// OFX 1.0.2 (SGML, no end tags on leaves, Windows-1252): a credit, a debit with an accented memo.
    public static let ofx1: [UInt8] = {
        let text = """
            OFXHEADER:100
            DATA:OFXSGML
            VERSION:102
            SECURITY:NONE
            ENCODING:USASCII
            CHARSET:1252
            COMPRESSION:NONE
            OLDFILEUID:NONE
            NEWFILEUID:NONE

            <OFX>
            <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260331120000<LANGUAGE>FRA</SONRS></SIGNONMSGSRSV1>
            <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
            <STMTRS><CURDEF>EUR
            <BANKACCTFROM><BANKID>30006<ACCTID>0001234567<ACCTTYPE>CHECKING</BANKACCTFROM>
            <BANKTRANLIST><DTSTART>20260301<DTEND>20260331
            <STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260312<TRNAMT>164.00<FITID>OFX1-0001<NAME>ACME SARL<MEMO>VIR FACTURE
            </STMTTRN>
            <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260314120000[+1:CET]<TRNAMT>-4.20<FITID>OFX1-0002<NAME>CAFE<MEMO>Caf\u{E9} cr\u{E8}me
            </STMTTRN>
            </BANKTRANLIST>
            <LEDGERBAL><BALAMT>1159.80<DTASOF>20260331</LEDGERBAL>
            </STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
            """
        // Windows-1252: é and è are single bytes (every scalar here is below U+0100).
        return text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }()

    /// OFX 2.1.1 (XML, UTF-8): a debit with an escaped ampersand, a credit.
    public static let ofx2 = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
        <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20260331</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
        <BANKMSGSRSV1><STMTTRNRS><TRNUID>2</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
        <STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>30006</BANKID><ACCTID>0001234567</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
        <BANKTRANLIST><DTSTART>20260301</DTSTART><DTEND>20260331</DTEND>
        <STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20260315000000.000[+1:CET]</DTPOSTED><TRNAMT>-12.50</TRNAMT><FITID>OFX2-0001</FITID><NAME>Boulangerie &amp; Co</NAME></STMTTRN>
        <STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20260316</DTPOSTED><TRNAMT>250.00</TRNAMT><FITID>OFX2-0002</FITID><NAME>Delta SA</NAME><MEMO>INV-42</MEMO></STMTTRN>
        </BANKTRANLIST><LEDGERBAL><BALAMT>1397.50</BALAMT><DTASOF>20260331</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """

    /// A French bank's export: `;` separated, decimal commas, debit and credit columns, a quoted field holding `;`,
    /// a thousands space, two identical card payments on one day.
    public static let frenchCSV = """
        Date;Libellé;Débit;Crédit;Référence
        02/03/2026;"VIR SEPA ACME; facture INV-77";;"1 234,56";RF18539007547034
        05/03/2026;PRLV EDF;89,90;;
        05/03/2026;CB CAFE DE LA GARE;3,20;;
        05/03/2026;CB CAFE DE LA GARE;3,20;;

        """

    /// "Billion laughs": nested entities that expand to gigabytes.
    public static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <Document><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>
        """

    /// An external entity reading a local file (XXE).
    public static let externalEntity = """
        <?xml version="1.0"?>
        <!doctype Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <Document><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>
        """
}
