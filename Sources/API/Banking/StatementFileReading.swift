import Foundation
import Domain
import HTTPServer
import Store

/// Reads a statement file from a request body by its `Content-Type` (docs/banking.md).
enum StatementFileReading {
    /// The format the body's media type names and the statements in it.
    /// - Throws: 415 for another media type; 422 naming the line or element for a file that cannot be imported.
    static func read(_ request: Request, account: BankAccount) throws -> (BankStatementFormat, [BankStatement]) {
        let (format, bytes) = try file(request)
        guard !bytes.isEmpty else {
            throw Problem.validation([FieldError(pointer: "", detail: "the body must be the statement file; it is empty")])
        }
        do {
            switch format {
            case .camt053: return (format, try CAMT053Parser.parse(Array(bytes)))
            case .ofx: return (format, try OFXParser.parse(Array(bytes)))
            case .csv:
                guard let mapping = account.csvMapping else {
                    throw Problem.validation([
                        FieldError(pointer: "", detail: "the bank account has no csv_mapping: save one (PUT /v1/bank-accounts/{id}) before importing CSV")
                    ])
                }
                return (format, [try CSVStatementParser.parse(Array(bytes), mapping: mapping)])
            }
        } catch let error as BankStatementError {
            throw problem(error)
        }
    }

    /// The file's format and bytes: the raw body by its media type, or the file part of a multipart upload.
    static func file(_ request: Request) throws -> (BankStatementFormat, ArraySlice<UInt8>) {
        let contentType = request.headers["Content-Type"] ?? ""
        let mediaType = Self.mediaType(contentType)
        if mediaType == "multipart/form-data" { return try upload(contentType: contentType, body: request.body) }
        guard let format = BankingRoutes.statementMediaTypes.first(where: { $0.mediaType == mediaType })?.format else {
            throw Problem.unsupportedMediaType(
                expected: (BankingRoutes.statementMediaTypes.map(\.mediaType) + ["multipart/form-data"]).joined(separator: ", "))
        }
        return (format, request.body[...])
    }

    /// A media type without its parameters, lower-cased.
    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// The file of a `multipart/form-data` upload (RFC 7578): the one part named `file`, in the format its
    /// Content-Type names or, without one (or `application/octet-stream`), its file name's extension or content.
    /// - Throws: 400 for a body that is not multipart as its boundary says; 422 at `/file` (missing, twice, an
    ///   unknown media type) or at another part's name; 415 never (the upload itself is the known media type).
    static func upload(contentType: String, body: [UInt8]) throws -> (BankStatementFormat, ArraySlice<UInt8>) {
        let form: MultipartFormData
        do {
            form = try MultipartFormData(contentType: contentType, body: body)
        } catch {
            throw Problem.badRequest("multipart/form-data: \(error.description)")
        }
        var errors = [FieldError]()
        for part in form.parts where part.name != "file" {
            errors.append(FieldError(pointer: FieldError.pointer("", part.name), detail: "is not a part of a statement upload: send only the part named file"))
        }
        let files = form.parts(named: "file")
        if files.isEmpty {
            errors.append(FieldError(pointer: "/file", detail: "is required: the statement file as the part named file"))
        } else if files.count > 1 {
            errors.append(FieldError(pointer: "/file", detail: "is given \(files.count) times: send one statement file per request"))
        }
        guard errors.isEmpty, let file = files.first else { throw Problem.validation(errors) }
        if let type = file.contentType, type != "application/octet-stream" {
            guard let known = BankingRoutes.statementMediaTypes.first(where: { $0.mediaType == type })?.format else {
                throw Problem.validation([
                    FieldError(
                        pointer: "/file",
                        detail: "has Content-Type \(type); expected one of \(BankingRoutes.statementMediaTypes.map(\.mediaType).joined(separator: ", ")) or application/octet-stream")
                ])
            }
            return (known, file.body)
        }
        return (detected(filename: file.filename, file.body), file.body)
    }

    /// The format of a file sent without a media type: by its name's extension, else by its first bytes (an OFX
    /// header or `<OFX>` → OFX, other XML → CAMT.053, anything else → CSV).
    static func detected(filename: String?, _ bytes: ArraySlice<UInt8>) -> BankStatementFormat {
        switch filename.flatMap({ $0.split(separator: ".").last.map { $0.lowercased() } }) {
        case "xml": return .camt053
        case "ofx", "qfx": return .ofx
        case "csv": return .csv
        default: break
        }
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).uppercased()
        let start = head.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        if start.hasPrefix("OFXHEADER") || head.contains("<?OFX") || head.contains("<OFX>") { return .ofx }
        if start.hasPrefix("<") { return .camt053 }
        return .csv
    }

    /// 422 whose detail names where in the file the problem is.
    static func problem(_ error: BankStatementError) -> Problem {
        Problem.validation([FieldError(pointer: "", detail: "statement file: \(error.description)")])
    }
}
