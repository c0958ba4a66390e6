/// What the PDF/A-3b file says about itself: `/Info` and XMP share these values.
struct PDFMetadata {
    var title: String
    var author: String
    /// The document's date, `YYYY-MM-DD` (the invoice's issue date).
    var date: String
    /// BCP 47 language of the text (`fr`, `en`).
    var language: String
    static let producer = "Recur Documents"

    /// `D:YYYYMMDD000000Z` for `/Info` and `/ModDate`.
    var pdfDate: String { "D:" + date.filter { $0 != "-" } + "000000Z" }
}

/// Writes a PDF/A-3b file from drawn pages: fonts subset and embedded, page tree, XMP, sRGB output intent, the
/// optional `factur-x.xml` attachment (`/AFRelationship /Data`, catalog `/AF` and `/Names /EmbeddedFiles`).
struct PDFAssembler {
    var canvas: PDFCanvas
    var pageSize: (width: Double, height: Double)
    var metadata: PDFMetadata
    var profile: ColorProfile
    var facturX: [UInt8]?
    var logo: JPEGImage?

    func write() throws(DocumentRenderError) -> [UInt8] {
        var writer = PDFWriter()
        let catalogRef = writer.reserve()
        let pagesRef = writer.reserve()
        var fontEntries: [(String, PDFValue)] = []
        for weight in FontWeight.allCases where !canvas.usage[weight.rawValue].isEmpty {
            let font = try PDFFontEmbedder.embed(
                canvas.fonts.font(weight), usage: canvas.usage[weight.rawValue], into: &writer)
            fontEntries.append(("F\(weight.rawValue + 1)", .reference(font)))
        }
        var resources: [(String, PDFValue)] = [("Font", .dictionary(fontEntries))]
        if canvas.usesTransparency {
            let state = writer.add(.dictionary([("Type", .name("ExtGState")), ("ca", .real(0.12)), ("CA", .real(0.12))]))
            resources.append(("ExtGState", .dictionary([("GS1", .reference(state))])))
        }
        if let logo, canvas.usesImage {
            let image = try writer.addStream(
                [
                    ("Type", .name("XObject")), ("Subtype", .name("Image")), ("Width", .int(logo.width)),
                    ("Height", .int(logo.height)), ("ColorSpace", .name(logo.colorSpace)), ("BitsPerComponent", .int(8)),
                ], data: logo.bytes, alreadyFiltered: "DCTDecode")
            resources.append(("XObject", .dictionary([("Im1", .reference(image))])))
        }
        let resourcesRef = writer.add(.dictionary(resources))
        var kids: [PDFValue] = []
        for content in canvas.pages {
            let contentRef = try writer.addStream([], data: content)
            var page: [(String, PDFValue)] = [
                ("Type", .name("Page")), ("Parent", .reference(pagesRef)),
                ("MediaBox", .array([.int(0), .int(0), .real(pageSize.width), .real(pageSize.height)])),
                ("Resources", .reference(resourcesRef)), ("Contents", .reference(contentRef)),
            ]
            if canvas.usesTransparency {
                page.append(("Group", .dictionary([("S", .name("Transparency")), ("CS", .name("DeviceRGB"))])))
            }
            kids.append(.reference(writer.add(.dictionary(page))))
        }
        writer.set(pagesRef, .dictionary([("Type", .name("Pages")), ("Kids", .array(kids)), ("Count", .int(kids.count))]))

        let xmp = XMPMetadata(
            title: metadata.title, author: metadata.author, date: metadata.date, producer: PDFMetadata.producer,
            facturX: facturX != nil)
        let metadataRef = try writer.addStream(
            [("Type", .name("Metadata")), ("Subtype", .name("XML"))], data: xmp.packet, compress: false)
        let iccRef = try writer.addStream([("N", .int(3))], data: profile.deflated, alreadyFiltered: "FlateDecode")
        var catalog: [(String, PDFValue)] = [
            ("Type", .name("Catalog")), ("Pages", .reference(pagesRef)), ("Metadata", .reference(metadataRef)),
            ("Lang", .text(metadata.language)),
            ("OutputIntents", .array([.dictionary([
                ("Type", .name("OutputIntent")), ("S", .name("GTS_PDFA1")),
                ("OutputConditionIdentifier", .text(profile.identifier)), ("Info", .text(profile.identifier)),
                ("DestOutputProfile", .reference(iccRef)),
            ])])),
            ("ViewerPreferences", .dictionary([("DisplayDocTitle", .bool(true))])),
        ]
        if let facturX {
            let spec = try attach(facturX, into: &writer)
            catalog.append(("AF", .array([.reference(spec)])))
            catalog.append(("Names", .dictionary([
                ("EmbeddedFiles", .dictionary([("Names", .array([.bytes(Array("factur-x.xml".utf8)), .reference(spec)]))]))
            ])))
            catalog.append(("PageMode", .name("UseAttachments")))
        }
        writer.set(catalogRef, .dictionary(catalog))
        let info = writer.add(.dictionary([
            ("Title", .text(metadata.title)), ("Author", .text(metadata.author)),
            ("Creator", .text(PDFMetadata.producer)), ("Producer", .text(PDFMetadata.producer)),
            ("CreationDate", .text(metadata.pdfDate)), ("ModDate", .text(metadata.pdfDate)),
        ]))
        return writer.finish(root: catalogRef, info: info)
    }

    /// The embedded file and its file specification; returns the specification.
    private func attach(_ xml: [UInt8], into writer: inout PDFWriter) throws(DocumentRenderError) -> PDFReference {
        let file = try writer.addStream(
            [
                ("Type", .name("EmbeddedFile")), ("Subtype", .name("text/xml")),
                ("Params", .dictionary([("Size", .int(xml.count)), ("ModDate", .text(metadata.pdfDate))])),
            ], data: xml)
        let name = PDFValue.bytes(Array("factur-x.xml".utf8))
        return writer.add(.dictionary([
            ("Type", .name("Filespec")), ("F", name), ("UF", .text("factur-x.xml")),
            ("EF", .dictionary([("F", .reference(file)), ("UF", .reference(file))])),
            ("Desc", .text("Factur-X invoice")), ("AFRelationship", .name("Data")),
        ]))
    }
}
