import HTTPServer
import Postgres
import Store

/// `Idempotency-Key` on POST: the first successful (2xx) answer to a key is stored in the tenant's
/// `idempotency_keys`, in the same transaction as the work it answers. A retry with the same key and the same
/// request gets that answer again (marked `Idempotent-Replayed: true`) and changes nothing; the same key with
/// another request is refused with 422. Requests with one key are serialised by a transaction advisory lock,
/// so two concurrent retries never both run. Failed requests (4xx, 5xx) are not stored and may be retried.
enum Idempotency {
    static let headerName = "idempotency-key"

    /// Runs `handler` under the request's idempotency key, if it has one.
    static func run(
        _ request: Request, on connection: PostgresConnection, _ handler: () throws -> Response
    ) throws -> Response {
        guard request.method == .post, let key = request.headers[headerName] else { return try handler() }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw Problem(
                status: .badRequest, type: "invalid-idempotency-key",
                detail: "Idempotency-Key must be 1 to 255 visible ASCII characters.")
        }
        let fingerprint = Array("\(request.method.rawValue) \(request.path)?\(request.rawQuery ?? "")\n".utf8) + request.body
        let stored = IdempotencyRepository(connection)
        try stored.lock(key)
        if let answer = try stored.answer(for: key, fingerprint: fingerprint) {
            guard answer.sameRequest else {
                throw Problem(
                    status: .unprocessableContent, type: "idempotency-key-reused",
                    detail: "This Idempotency-Key was already used with a different request.")
            }
            return Response(
                status: HTTPStatus(code: answer.status),
                headers: HTTPHeaders([("Content-Type", "application/json"), ("Idempotent-Replayed", "true")]),
                body: answer.body)
        }
        let response = try handler()
        if (200..<300).contains(response.status.code) {
            try stored.store(key: key, fingerprint: fingerprint, status: response.status.code, body: response.body)
        }
        return response
    }
}
