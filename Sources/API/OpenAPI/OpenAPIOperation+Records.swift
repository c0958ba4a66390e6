/// The operations every record resource declares alike — list, create, read — and every report, with the statuses
/// each answers besides those every operation may (``OpenAPIDocument``), decided here once.
extension OpenAPIOperation {
    /// `GET path`: a page of records, newest first, filtered by `parameters`, then `limit` and `cursor`
    /// (``Pagination``); 422 for a malformed query.
    static func list(
        _ path: String, id: String, summary: String, tag: String, parameters: [Parameter] = [], response: String
    ) -> OpenAPIOperation {
        OpenAPIOperation(
            "GET", path, id: id, summary: summary, tag: tag, parameters: parameters + Pagination.parameters,
            response: response, errors: [422])
    }

    /// `POST path`: a new record from a `request` body, answered 201 with `response`; 400 for a body that is not
    /// JSON, 415 for one not sent as JSON, 422 for one that breaks a rule.
    static func create(
        _ path: String, id: String, summary: String, tag: String, request: String, response: String
    ) -> OpenAPIOperation {
        OpenAPIOperation(
            "POST", path, id: id, summary: summary, tag: tag, request: request, status: 201, response: response,
            errors: [400, 415, 422])
    }

    /// `GET path/:id`: one record; 404 when there is none.
    static func read(_ path: String, id: String, summary: String, tag: String, response: String) -> OpenAPIOperation {
        OpenAPIOperation("GET", path, id: id, summary: summary, tag: tag, parameters: [.id], response: response, errors: [404])
    }

    /// `GET path`: a report, as JSON or as CSV (`?format=csv`, the last parameter, or `Accept: text/csv`); 422 for a
    /// malformed query.
    static func report(
        _ path: String, id: String, summary: String, tag: String, parameters: [Parameter], response: String,
        errors: [Int] = [422]
    ) -> OpenAPIOperation {
        OpenAPIOperation(
            "GET", path, id: id, summary: summary, tag: tag, parameters: parameters + [.format], response: response,
            alternateResponses: [(CSVWriter.mediaType, "CSVText")], errors: errors)
    }
}
