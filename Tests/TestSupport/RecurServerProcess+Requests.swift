import Foundation

extension RecurServerProcess {
    /// A thrown description of an answer the caller did not expect.
    public struct UnexpectedAnswer: Error, CustomStringConvertible {
        public let description: String
    }

    /// One request to this server with `key` as bearer token; a JSON body when `body` is given.
    public func call(_ method: String, _ path: String, _ body: String? = nil, key: String) throws -> HTTPTestClient.Response {
        let client = try HTTPTestClient(port: port)
        let auth = ["Authorization": "Bearer \(key)"]
        return if let body { try client.json(method, path, body, headers: auth) } else { try client.request(method, path, headers: auth) }
    }

    /// The process tests' recurring revenue through the API: a customer "Globex" and a monthly invoice of 49.90 on the
    /// 1st since 2026-01-01 for `key`'s tenant, so that every EOD through yesterday posts one invoice a month.
    /// - Returns: the customer's id.
    /// - Throws: ``UnexpectedAnswer`` when either is not created (201).
    @discardableResult
    public func postMonthlyInvoice(key: String) throws -> String {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, key: key)
        guard party.status == 201, let partyID = party.json?["id"] as? String else {
            throw UnexpectedAnswer(description: "POST /v1/parties: \(party.status) \(party.text)")
        }
        let setup = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"49.90","description":"Maintenance","statement_reference":"Maintenance {RIMonth} {RIYear}","schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-01-01"}}"#,
            key: key)
        guard setup.status == 201 else {
            throw UnexpectedAnswer(description: "POST /v1/recurring-invoices: \(setup.status) \(setup.text)")
        }
        return partyID
    }
}
