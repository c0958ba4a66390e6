import Foundation

/// Reads whole files (fonts, colour profiles) once per process.
enum FileLoader {
    static func read(_ path: String) throws(DocumentRenderError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .fileUnreadable(path: path, reason: "\(error.localizedDescription)")
        }
    }
}
