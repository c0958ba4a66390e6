import HTTPServer

/// The CSV of a JSON list page `{"data":[…], "next_cursor":…}` (docs/design.md, "Query conventions from the OpenAPI document"): one
/// record per element of `data`, written by ``CSVWriter``.
///
/// Columns follow the item schema of the OpenAPI document, in its property order, so the header is the same for
/// every page, an empty one included. A property whose schema is an object with properties (through `$ref`, or a
/// `oneOf` with `null`) is flattened into `name.sub` columns, to a depth of four; every other value is one cell:
/// strings as they are, numbers as written, booleans `true`/`false`, `null` empty, arrays and free-form objects as
/// their JSON text. A member the schema does not name gets a column after the documented ones.
///
/// Paging is the JSON's: same `limit` and `cursor`; the next page is named by a `Link: <…>; rel="next"` header (this
/// request's URL with `cursor` set to the JSON's `next_cursor`), absent on the last page.
struct ListCSV: Sendable {
    /// How one value becomes cells: one cell (its column's index among ``columns``), or an object whose properties
    /// become `name.sub` columns.
    indirect enum Shape: Sendable {
        case cell(column: Int)
        case object(column: String, properties: [String: Shape])
    }

    static let schemaReference = "#/components/schemas/"
    static let maximumDepth = 4

    let shape: Shape
    /// The documented columns, in order.
    let columns: [String]
    let filename: String

    /// The CSV of `operation`'s list; `nil` when its response is not a documented `{"data":[…]}` list.
    init?(_ operation: OpenAPIOperation, schemas: [String: String]) {
        guard let response = operation.responseSchema, let item = Self.itemSchema(ofList: response, schemas) else {
            return nil
        }
        var columns: [String] = []
        shape = Self.shape(of: item, schemas, column: "", depth: 0, columns: &columns)
        self.columns = columns
        let literals = operation.path.split(separator: "/").filter { !$0.hasPrefix(":") && $0 != "v1" }
        filename = (literals.isEmpty ? "list" : literals.joined(separator: "-")) + ".csv"
    }

    /// The schema of the elements of `data` in the schema named `name`, if it is such a list.
    static func itemSchema(ofList name: String, _ schemas: [String: String]) -> JSONValue? {
        guard let list = resolved(.object(JSONObject([.init(key: "$ref", value: .string(schemaReference + name))])), schemas),
            case .object(let object) = list, case .object(let properties)? = object["properties"],
            case .object(let data)? = properties["data"], data["type"] == .string("array"), let items = data["items"]
        else { return nil }
        return items
    }

    /// The CSV response for the JSON list page `json`; any other response (an error, a status other than 200) as
    /// it is.
    func csv(from json: Response, for request: Request) throws -> Response {
        guard json.status == .ok, json.headers["content-type"] == "application/json",
            case .object(let page) = try JSONValue.parse(json.body), case .array(let items)? = page["data"]
        else { return json }
        var table = Table(columns: columns)
        for item in items {
            var row = [String?](repeating: nil, count: table.header.count)
            table.fill(&row, item, shape)
            table.rows.append(row)
        }
        var csv = CSVWriter(header: table.header)
        for var row in table.rows {
            if row.count < table.header.count { row += [String?](repeating: nil, count: table.header.count - row.count) }
            csv.row(row)
        }
        var response = csv.response(filename: filename)
        if case .string(let cursor)? = page["next_cursor"] {
            response.headers.add("Link", "<\(Self.url(request, cursor: cursor))>; rel=\"next\"")
        }
        return response
    }

    /// The header (the documented columns, then those of members the schema does not name) and the rows.
    struct Table {
        var header: [String]
        var extra: [String: Int] = [:]
        var rows: [[String?]] = []

        init(columns: [String]) { header = columns }

        /// Writes the cells of `value`, laid out as `shape`, into `row`.
        mutating func fill(_ row: inout [String?], _ value: JSONValue, _ shape: Shape) {
            switch (shape, value) {
            case (.cell(let column), _):
                row[column] = ListCSV.cell(value)
            case (.object(let column, let properties), .object(let members)):
                for member in members {
                    if let property = properties[member.key] {
                        fill(&row, member.value, property)
                    } else {
                        set(&row, column.isEmpty ? member.key : column + "." + member.key, ListCSV.cell(member.value))
                    }
                }
            case (.object, .null):
                break
            case (.object(let column, _), _):
                set(&row, column.isEmpty ? "value" : column, ListCSV.cell(value))
            }
        }

        /// Sets the cell of an undocumented column, adding the column on first sight.
        private mutating func set(_ row: inout [String?], _ column: String, _ cell: String?) {
            let index = extra.position(of: column) {
                header.append(column)
                return header.count - 1
            }
            if row.count <= index { row += [String?](repeating: nil, count: index + 1 - row.count) }
            row[index] = cell
        }
    }

    /// `request`'s path and query with `cursor` set to `cursor`.
    static func url(_ request: Request, cursor: String) -> String {
        let kept = (request.rawQuery ?? "").split(separator: "&").filter { pair in
            QueryItem.parse(String(pair)).first?.name != "cursor"
        }
        return request.path + "?" + (kept.map(String.init) + ["cursor=" + percentEncoded(cursor)]).joined(separator: "&")
    }

    /// `text` with every byte outside RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// One value's cell text; `nil` for `null`.
    static func cell(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object:
            var writer = JSONWriter()
            writer.value(value)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    /// How `schema` is laid out: an object with properties is flattened, to ``maximumDepth``; appends the columns
    /// of its cells to `columns`.
    static func shape(of schema: JSONValue, _ schemas: [String: String], column: String, depth: Int, columns: inout [String])
        -> Shape
    {
        guard depth < maximumDepth, case .object(let object)? = resolved(schema, schemas),
            case .object(let properties)? = object["properties"], properties.count > 0, allowsObject(object["type"])
        else {
            columns.append(column.isEmpty ? "value" : column)
            return .cell(column: columns.count - 1)
        }
        var laidOut: [String: Shape] = [:]
        for property in properties {
            laidOut[property.key] = shape(
                of: property.value, schemas, column: column.isEmpty ? property.key : column + "." + property.key,
                depth: depth + 1, columns: &columns)
        }
        return .object(column: column, properties: laidOut)
    }

    private static func allowsObject(_ type: JSONValue?) -> Bool {
        switch type {
        case nil: return true
        case .string(let name)?: return name == "object"
        case .array(let names)?: return names.contains(.string("object"))
        default: return false
        }
    }

    /// `schema` with `$ref`s followed and a `oneOf`/`anyOf` of one schema and `null` reduced to that schema.
    static func resolved(_ schema: JSONValue, _ schemas: [String: String], hops: Int = 0) -> JSONValue? {
        guard hops < 8, case .object(let object) = schema else { return schema }
        if case .string(let reference)? = object["$ref"] {
            guard reference.hasPrefix(schemaReference), let text = schemas[String(reference.dropFirst(schemaReference.count))],
                let target = try? JSONValue.parse(Array(text.utf8))
            else { return nil }
            return resolved(target, schemas, hops: hops + 1)
        }
        if case .array(let alternatives)? = object["oneOf"] ?? object["anyOf"] {
            let nonNull = alternatives.filter { alternative in
                if case .object(let a) = alternative, a["type"] == .string("null") { return false }
                return true
            }
            if nonNull.count == 1 { return resolved(nonNull[0], schemas, hops: hops + 1) }
        }
        return schema
    }
}
