import Domain
import HTTPServer

/// A postal address on the wire (`{"line1","line2","postal_code","city","country"}`), read and written the same way
/// for the tenant's legal identity and a party's billing address.
enum PostalAddressJSON {
    /// The address at `key`, `nil` when absent or null.
    static func read(_ reader: JSONObjectReader, _ key: String) -> PostalAddress? {
        reader.optionalObject(key) { a in
            PostalAddress(
                line1: a.string("line1"), line2: a.optionalString("line2"), postalCode: a.optionalString("postal_code"),
                city: a.string("city"), country: a.string("country"))
        }
    }

    static func write(_ address: PostalAddress?, into w: inout JSONWriter) {
        guard let a = address else { return w.null() }
        w.object { w in
            w.key("line1"); w.string(a.line1)
            w.key("line2"); w.optionalString(a.line2)
            w.key("postal_code"); w.optionalString(a.postalCode)
            w.key("city"); w.string(a.city)
            w.key("country"); w.string(a.country)
        }
    }

    /// The OpenAPI schema of an address or null.
    static let schema = #"""
        {"oneOf":[{"type":"null"},{"type":"object","additionalProperties":false,"required":["line1","city","country"],
         "properties":{"line1":\#(OpenAPISchemas.text(maxLength: 200)),"line2":\#(OpenAPISchemas.text(maxLength: 200, nullable: true)),
         "postal_code":\#(OpenAPISchemas.text(maxLength: 20, nullable: true)),"city":\#(OpenAPISchemas.text(maxLength: 100)),
         "country":{"type":"string","pattern":"^[A-Z]{2}$"}}}]}
        """#
}
