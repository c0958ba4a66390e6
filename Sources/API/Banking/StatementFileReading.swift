import Foundation
import Domain
import HTTPServer
import Store

/// Reads a statement file from a request body by its `Content-Type` (docs/banking.md).
enum StatementFileReading {
    /// The format the body's media type names and the statements in it.
    /// - Throws: 415 for another media type; 422 naming the line or element for a file that cannot be imported.
    static func read(_ request: Request, account: BankAccount) throws -> (BankStatementFormat, [BankStatement]) {
        let mediaType = (request.headers["Content-Type"] ?? "").split(separator: ";", maxSplits: 1).first
            .map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let format = BankingRoutes.statementMediaTypes.first(where: { $0.mediaType == mediaType })?.format else {
            throw Problem.unsupportedMediaType(expected: BankingRoutes.statementMediaTypes.map(\.mediaType).joined(separator: ", "))
        }
        guard !request.body.isEmpty else {
            throw Problem.validation([FieldError(pointer: "", detail: "the body must be the statement file; it is empty")])
        }
        do {
            switch format {
            case .camt053: return (format, try CAMT053Parser.parse(request.body))
            case .ofx: return (format, try OFXParser.parse(request.body))
            case .csv:
                guard let mapping = account.csvMapping else {
                    throw Problem.validation([
                        FieldError(pointer: "", detail: "the bank account has no csv_mapping: save one (PUT /v1/bank-accounts/{id}) before importing CSV")
                    ])
                }
                return (format, [try CSVStatementParser.parse(request.body, mapping: mapping)])
            }
        } catch let error as BankStatementError {
            throw problem(error)
        }
    }

    /// 422 whose detail names where in the file the problem is.
    static func problem(_ error: BankStatementError) -> Problem {
        Problem.validation([FieldError(pointer: "", detail: "statement file: \(error.description)")])
    }
}
