import Domain

/// The XMP packet of a PDF/A-3b document: `pdfaid` part 3 conformance B, Dublin Core title and creator, dates (from
/// the document, never the clock), producer, and, when a Factur-X XML is attached, the Factur-X extension schema.
struct XMPMetadata {
    var title: String
    var author: String
    /// `YYYY-MM-DD`, written as midnight UTC.
    var date: String
    var producer: String
    /// Whether to declare and fill the Factur-X schema (`fx`).
    var facturX: Bool

    static let facturXNamespace = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

    var packet: [UInt8] {
        let stamp = date + "T00:00:00Z"
        var xml = """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
            <pdfaid:part>3</pdfaid:part>
            <pdfaid:conformance>B</pdfaid:conformance>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(escape(title))</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>\(escape(author))</rdf:li></rdf:Seq></dc:creator>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreatorTool>\(escape(producer))</xmp:CreatorTool>
            <xmp:CreateDate>\(stamp)</xmp:CreateDate>
            <xmp:ModifyDate>\(stamp)</xmp:ModifyDate>
            <xmp:MetadataDate>\(stamp)</xmp:MetadataDate>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>\(escape(producer))</pdf:Producer>
            </rdf:Description>

            """
        if facturX { xml += facturXDescriptions }
        xml += "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
        return Array(xml.utf8)
    }

    private var facturXDescriptions: String {
        func property(_ name: String, _ description: String) -> String {
            """
            <rdf:li rdf:parseType="Resource">
            <pdfaProperty:name>\(name)</pdfaProperty:name>
            <pdfaProperty:valueType>Text</pdfaProperty:valueType>
            <pdfaProperty:category>external</pdfaProperty:category>
            <pdfaProperty:description>\(description)</pdfaProperty:description>
            </rdf:li>

            """
        }
        return """
            <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
            <rdf:Bag>
            <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>\(XMPMetadata.facturXNamespace)</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
            <rdf:Seq>
            \(property("DocumentFileName", "name of the embedded XML invoice file"))\
            \(property("DocumentType", "INVOICE"))\
            \(property("Version", "The actual version of the Factur-X XML schema"))\
            \(property("ConformanceLevel", "The conformance level of the embedded Factur-X data"))\
            </rdf:Seq>
            </pdfaSchema:property>
            </rdf:li>
            </rdf:Bag>
            </pdfaExtension:schemas>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:fx="\(XMPMetadata.facturXNamespace)">
            <fx:DocumentType>INVOICE</fx:DocumentType>
            <fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
            <fx:Version>1.0</fx:Version>
            <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
            </rdf:Description>

            """
    }

    private func escape(_ text: String) -> String { MarkupText.escaped(text) }
}
