/// Header values as RFC 5322 words: checked for CR/LF, quoted or RFC 2047-encoded as needed, folded at 78 columns.
enum HeaderText {
    /// Recommended line length, CRLF excluded (RFC 5322, section 2.1.1).
    static let lineLength = 78
    /// UTF-8 bytes per encoded-word: 39 bytes are 52 base64 characters, 64 with `=?UTF-8?B?` and `?=`, under the 75
    /// of RFC 2047 (section 2) and short enough to follow `Subject: ` on one line.
    private static let bytesPerEncodedWord = 39

    /// Throws unless `value` is free of CR, LF and NUL: the only way a value could end its header early.
    static func checkSafe(_ value: String, field: String) throws(MailError) {
        guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { throw .headerInjection(field: field) }
    }

    /// Unstructured text (Subject, extra fields): its own words when it is plain printable ASCII with no word too long
    /// to fold and no `=?` that a reader would take for an encoded-word; else RFC 2047 encoded-words.
    static func unstructuredWords(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let plain = text.utf8.allSatisfy { ($0 >= 32 && $0 < 127) || $0 == 9 } && !text.contains("=?")
            && words.allSatisfy { $0.utf8.count <= lineLength - 12 }
        return plain ? words : encodedWords(text)
    }

    /// A display name as a phrase (RFC 5322, section 3.2.5): atoms as they are, other ASCII as one quoted-string,
    /// anything else as encoded-words (RFC 2047, section 5 (3)).
    static func phraseWords(_ name: String) -> [String] {
        let atext = Set("!#$%&'*+-/=?^_`{|}~".utf8)
        let words = name.split(separator: " ").map(String.init)
        let isAtom: (String) -> Bool = { word in
            word.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) || atext.contains($0) }
        }
        if !words.isEmpty, words.allSatisfy({ isAtom($0) && $0.utf8.count <= lineLength - 12 }), !name.contains("=?") {
            return words
        }
        let printable = name.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
        if printable, !name.contains("=?"), name.utf8.count <= lineLength - 20 {
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return [quoted + "\""]
        }
        return encodedWords(name)
    }

    /// A mailbox's words: the phrase and `<address>`, or the bare address.
    static func mailboxWords(_ mailbox: MailAddress) -> [String] {
        guard let name = mailbox.displayName, !name.isEmpty else { return [mailbox.address] }
        return phraseWords(name) + ["<\(mailbox.address)>"]
    }

    /// An address list's words, a comma after each mailbox but the last.
    static func addressListWords(_ mailboxes: [MailAddress]) -> [String] {
        var words: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var mailboxWords = mailboxWords(mailbox)
            if index < mailboxes.count - 1, let last = mailboxWords.popLast() { mailboxWords.append(last + ",") }
            words += mailboxWords
        }
        return words
    }

    /// `text` as `=?UTF-8?B?…?=` words, each at most ``bytesPerEncodedWord`` bytes of whole Unicode scalars (a word
    /// never splits a character's UTF-8 sequence, RFC 2047 section 5).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerEncodedWord, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64.encode(bytes) + "?="
    }

    /// `Name: word word…` CRLF, folded before a word (CRLF then the space that separated the words) when the line
    /// would pass ``lineLength``. Unfolding (removing each CRLF) gives back the words joined by single spaces.
    static func field(_ name: String, _ words: [String]) -> String {
        var out = name + ":"
        var column = out.utf8.count
        for word in words {
            let length = word.utf8.count
            if column + 1 + length > lineLength, column > name.utf8.count + 1, !word.isEmpty {
                out += "\r\n"
                column = 0
            }
            out += " " + word
            column += 1 + length
        }
        return out + "\r\n"
    }
}
