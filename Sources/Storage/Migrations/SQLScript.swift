import Foundation

/// Splits a migration file into statements for the extended protocol, which runs one statement per call
/// (PostgresNIO has no simple-query path). Knows PostgreSQL's lexical rules that can hide a `;`:
/// quoted strings and identifiers, E'' escapes, dollar quoting ($$ … $$, $tag$ … $tag$), and both comment forms.
public enum SQLScript {
    public static func statements(_ sql: String) -> [String] {
        let s = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        var hasCode = false

        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if hasCode && !text.isEmpty { statements.append(text) }
            current = .init()
            hasCode = false
        }
        func copy(_ from: Int, _ to: Int) { current.append(contentsOf: s[from ..< min(to, s.count)]) }

        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            switch c {
            case "-" where next == "-":
                var j = i
                while j < s.count && s[j] != "\n" { j += 1 }
                copy(i, j)
                i = j
            case "/" where next == "*":
                var depth = 0, j = i
                repeat {
                    if j + 1 < s.count && s[j] == "/" && s[j + 1] == "*" {
                        depth += 1
                        j += 2
                    } else if j + 1 < s.count && s[j] == "*" && s[j + 1] == "/" {
                        depth -= 1
                        j += 2
                    } else {
                        j += 1
                    }
                } while depth > 0 && j < s.count
                copy(i, j)
                i = j
            case "'", "\"":
                // E'…' strings allow backslash escapes; doubled quotes escape in all forms.
                let backslashes = c == "'" && i > 0 && (s[i - 1] == "E" || s[i - 1] == "e")
                var j = i + 1
                while j < s.count {
                    if backslashes && s[j] == "\\" {
                        j += 2
                        continue
                    }
                    if s[j] == c {
                        if j + 1 < s.count && s[j + 1] == c {
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                copy(i, j + 1)
                i = j + 1
                hasCode = true
            case "$":
                // A dollar-quote tag: $$ or $identifier$ (a positional parameter like $1 is not one).
                var j = i + 1
                while j < s.count && (s[j].properties.isAlphabetic || s[j] == "_" || (j > i + 1 && s[j].properties.numericType != nil)) { j += 1 }
                if j < s.count && s[j] == "$" && !(i + 1 < s.count && s[i + 1].properties.numericType != nil) {
                    let tag = Array(s[i ... j])
                    var k = j + 1
                    var end = s.count
                    while k + tag.count <= s.count {
                        if Array(s[k ..< (k + tag.count)]) == tag {
                            end = k + tag.count
                            break
                        }
                        k += 1
                    }
                    copy(i, end)
                    i = end
                    hasCode = true
                } else {
                    copy(i, i + 1)
                    i += 1
                    hasCode = true
                }
            case ";":
                flush()
                i += 1
            default:
                if !c.properties.isWhitespace { hasCode = true }
                current.append(c)
                i += 1
            }
        }
        flush()
        return statements
    }
}
