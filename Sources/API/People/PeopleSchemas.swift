/// What the people routes' schemas share: the pattern of their text and the members of the bodies sent without a
/// key (log in, invitation, password reset).
enum PeopleSchemas {
    /// The pattern of the JSON strings the body reader takes (no control character but tab and line breaks), quoted.
    static let textPattern = OpenAPISchemas.quoted(OpenAPISchemas.noMultilineControlsPattern)

    /// The `tenant` member of a body sent without a key: the tenant's slug.
    static let tenant =
        #""tenant":{"type":"string","minLength":1,"maxLength":63,"pattern":\#(textPattern),"description":"The tenant's slug"}"#

    /// A body that uses a single-use token to set a new password (an invitation's, a password reset's).
    static let tokenAndPassword = #"""
        {"type":"object","additionalProperties":false,"required":["tenant","token","password"],"properties":{
         \#(tenant),
         "token":{"type":"string","minLength":1,"maxLength":128,"pattern":\#(textPattern)},
         "password":{"type":"string","minLength":12,"maxLength":128,"pattern":\#(textPattern)}}}
        """#
}
