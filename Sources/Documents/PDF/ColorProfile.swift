/// The ICC profile of the PDF/A output intent (sRGB, Debian `icc-profiles-free`). Read and deflated once per process;
/// immutable and `Sendable`.
public struct ColorProfile: Sendable {
    public static let defaultPath = "/usr/share/color/icc/sRGB.icc"

    /// The profile as read.
    public let bytes: [UInt8]
    /// The profile deflated once, embedded as is in every PDF.
    let deflated: [UInt8]
    /// `/OutputConditionIdentifier` and `/Info` of the output intent.
    public let identifier: String

    public init(path: String = ColorProfile.defaultPath, identifier: String = "sRGB IEC61966-2.1")
        throws(DocumentRenderError)
    {
        bytes = try FileLoader.read(path)
        guard bytes.count > 128, bytes[36..<40].elementsEqual(Array("acsp".utf8)) else {
            throw .fileUnreadable(path: path, reason: "not an ICC profile (no 'acsp' signature)")
        }
        deflated = try Flate.compress(bytes)
        self.identifier = identifier
    }
}
