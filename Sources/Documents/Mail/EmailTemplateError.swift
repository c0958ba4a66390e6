import Domain

/// Why a tenant's e-mail template is refused, naming the part at fault (the API answers 422 at `/subject`,
/// `/text` or `/html`).
public struct EmailTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    public let part: EmailTemplate.Part
    public let problem: DocumentTemplateError

    public var description: String { problem.description }
}
