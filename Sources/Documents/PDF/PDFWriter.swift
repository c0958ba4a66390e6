/// Builds a PDF 1.7 file: numbered objects, streams (Flate-compressed unless asked not to), the cross-reference
/// table and a trailer whose `/ID` is a hash of the body. No clock, no randomness: the same objects in the same
/// order give the same bytes.
struct PDFWriter {
    /// Each object's serialised body (`nil` while reserved but not yet set).
    private var bodies: [[UInt8]?] = []

    /// A number for an object written later (for forward references, such as a page's parent).
    mutating func reserve() -> PDFReference {
        bodies.append(nil)
        return PDFReference(number: bodies.count)
    }

    /// Sets a reserved object's value.
    mutating func set(_ reference: PDFReference, _ value: PDFValue) {
        var out: [UInt8] = []
        value.write(to: &out)
        bodies[reference.number - 1] = out
    }

    /// Adds an object and returns its reference.
    mutating func add(_ value: PDFValue) -> PDFReference {
        let reference = reserve()
        set(reference, value)
        return reference
    }

    /// Adds a stream; `compress` deflates `data` and adds `/Filter /FlateDecode`. `alreadyFiltered` names a filter
    /// the data is already encoded with (`DCTDecode`, or `FlateDecode` for data deflated once per process).
    mutating func addStream(
        _ entries: [(String, PDFValue)], data: [UInt8], compress: Bool = true, alreadyFiltered: String? = nil
    ) throws(DocumentRenderError) -> PDFReference {
        var entries = entries
        var payload = data
        if let alreadyFiltered {
            entries.append(("Filter", .name(alreadyFiltered)))
        } else if compress {
            payload = try Flate.compress(data)
            entries.append(("Filter", .name("FlateDecode")))
        }
        entries.append(("Length", .int(payload.count)))
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 200)
        PDFValue.dictionary(entries).write(to: &out)
        out.append(contentsOf: Array("\nstream\n".utf8))
        out.append(contentsOf: payload)
        out.append(contentsOf: Array("\nendstream".utf8))
        let reference = reserve()
        bodies[reference.number - 1] = out
        return reference
    }

    /// The whole file. Reserved objects never set are written as `null`.
    func finish(root: PDFReference, info: PDFReference) -> [UInt8] {
        var out: [UInt8] = Array("%PDF-1.7\n%".utf8) + [0xe2, 0xe3, 0xcf, 0xd3, 0x0a]
        out.reserveCapacity(bodies.reduce(1_000) { $0 + ($1?.count ?? 4) + 24 })
        var offsets: [Int] = []
        offsets.reserveCapacity(bodies.count)
        var hash = ContentHash()
        for (index, body) in bodies.enumerated() {
            offsets.append(out.count)
            PDFNumber.append(index + 1, to: &out)
            out.append(contentsOf: Array(" 0 obj\n".utf8))
            let content = body ?? Array("null".utf8)
            hash.combine(content)
            out.append(contentsOf: content)
            out.append(contentsOf: Array("\nendobj\n".utf8))
        }
        let xref = out.count
        out.append(contentsOf: Array("xref\n0 ".utf8))
        PDFNumber.append(bodies.count + 1, to: &out)
        out.append(contentsOf: Array("\n0000000000 65535 f\r\n".utf8))
        for offset in offsets {
            var digits = Array(String(offset).utf8)
            digits.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 10 - digits.count)), at: 0)
            out.append(contentsOf: digits)
            out.append(contentsOf: Array(" 00000 n\r\n".utf8))
        }
        let id = hash.bytes
        out.append(contentsOf: Array("trailer\n".utf8))
        PDFValue.dictionary([
            ("Size", .int(bodies.count + 1)), ("Root", .reference(root)), ("Info", .reference(info)),
            ("ID", .array([.hex(id), .hex(id)])),
        ]).write(to: &out)
        out.append(contentsOf: Array("\nstartxref\n".utf8))
        PDFNumber.append(xref, to: &out)
        out.append(contentsOf: Array("\n%%EOF\n".utf8))
        return out
    }
}
