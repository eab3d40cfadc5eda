/// A TOML 1.0 reader (https://toml.io/en/v1.0.0), written for perflab's topology files.
///
/// It reads the whole language — bare, quoted and dotted keys; `[table]` and
/// `[[array-of-tables]]` headers; the four kinds of string with their escapes; decimal,
/// hexadecimal, octal and binary integers; floats with `inf` and `nan`; booleans;
/// date-times; arrays over several lines; inline tables — and refuses what the
/// specification refuses: a key or table defined twice, a table extended by dotted keys
/// once its section is over, an inline table or a plain array extended afterwards, control
/// characters, integers beyond 64 bits. Each refusal is a ``TOMLError`` with the line.
///
/// It never traps on any input: it reads bytes, not characters, checks every index, and
/// stops nesting arrays and inline tables ``maxDepth`` deep, so a hostile file cannot
/// exhaust the stack. Python's `tomllib` is the reference it is tested against
/// (`scripts/reference/toml_cases.py`).
public struct TOMLParser {
    /// How deeply arrays and inline tables may nest.
    public static let maxDepth = 32
    /// How many simple keys a dotted key may join.
    public static let maxKeyParts = 32

    /// Reads `text` into its root table. A leading byte-order mark is skipped.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var p = TOMLParser(bytes: bytes)
        try p.document()
        return p.root.frozen()
    }

    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    private let root = Node.Table(kind: .header, line: 1, section: 0)
    /// The table the key/value lines now go into, and the number of its section.
    private var current: Node.Table
    private var section = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        current = root
    }

    // MARK: The document, line by line

    private mutating func document() throws(TOMLError) {
        while true {
            skipBlanks()
            guard let c = peek() else { return }
            switch c {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): try lineEnd()
            case UInt8(ascii: "["): try header(); try lineEnd()
            default: try keyValue(into: current); try lineEnd()
            }
        }
    }

    /// Blanks, an optional comment, then a newline or the end.
    private mutating func lineEnd() throws(TOMLError) {
        skipBlanks()
        if peek() == UInt8(ascii: "#") { try comment() }
        guard let c = peek() else { return }
        if c == UInt8(ascii: "\n") {
            pos += 1
            line += 1
        } else if c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") {
            pos += 2
            line += 1
        } else {
            throw fail("expected the end of the line, saw \(describe(c))")
        }
    }

    /// `# …` up to (not including) the newline.
    private mutating func comment() throws(TOMLError) {
        pos += 1
        while let c = peek(), c != UInt8(ascii: "\n") {
            if c == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { return }
            if isControl(c) { throw fail("a control character (\(describe(c))) is not allowed in a comment") }
            pos += 1
        }
    }

    // MARK: Headers

    private mutating func header() throws(TOMLError) {
        let at = line
        pos += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { pos += 1 }
        skipBlanks()
        let path = try key()
        skipBlanks()
        guard peek() == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
        pos += 1
        if isArray {
            guard peek() == UInt8(ascii: "]") else {
                throw fail("expected ']]' to close the array-of-tables header")
            }
            pos += 1
        }
        section += 1
        // Every table on the way: made if new (implicitly), the last element of an array of
        // tables, never a value.
        var t = root
        for (i, k) in path.dropLast().enumerated() {
            switch t.entries[k] {
            case nil:
                let sub = Node.Table(kind: .implicit, line: at, section: section)
                t.add(k, .table(sub))
                t = sub
            case .table(let sub): t = sub
            case .tables(let list): t = list.tables[list.tables.count - 1]
            case .value:
                throw TOMLError(line: at, "\(dotted(path[...i])) is already a value, not a table")
            }
        }
        let last = path[path.count - 1]
        let name = dotted(path[...])
        if isArray {
            let element = Node.Table(kind: .header, line: at, section: section)
            switch t.entries[last] {
            case nil: t.add(last, .tables(Node.TableList(element, line: at)))
            case .tables(let list): list.tables.append(element)
            case .table: throw TOMLError(line: at, "\(name) is already a table, not an array of tables")
            case .value: throw TOMLError(line: at, "\(name) is already a value, not an array of tables")
            }
            current = element
        } else {
            switch t.entries[last] {
            case nil:
                let sub = Node.Table(kind: .header, line: at, section: section)
                t.add(last, .table(sub))
                current = sub
            case .table(let sub) where sub.kind == .implicit:
                sub.kind = .header
                sub.line = at
                sub.section = section
                current = sub
            case .table(let sub) where sub.kind == .dotted:
                throw TOMLError(
                    line: at, "table \(name) is already defined by dotted keys (line \(sub.line))")
            case .table(let sub):
                throw TOMLError(line: at, "table \(name) is defined twice (first on line \(sub.line))")
            case .tables: throw TOMLError(line: at, "\(name) is already an array of tables")
            case .value: throw TOMLError(line: at, "\(name) is already a value, not a table")
            }
        }
    }

    // MARK: Keys and values

    /// `key = value` into `table`; dotted keys make (or extend) tables of their own.
    private mutating func keyValue(into table: Node.Table) throws(TOMLError) {
        let at = line
        let path = try key()
        skipBlanks()
        guard peek() == UInt8(ascii: "=") else {
            throw fail(
                peek().map { "expected '=' after the key \(dotted(path[...])), saw \(describe($0))" }
                    ?? "expected '=' after the key \(dotted(path[...]))")
        }
        pos += 1
        skipBlanks()
        let value = try value(depth: 0)
        var t = table
        for (i, k) in path.dropLast().enumerated() {
            switch t.entries[k] {
            case nil:
                let sub = Node.Table(kind: .dotted, line: at, section: section)
                t.add(k, .table(sub))
                t = sub
            case .table(let sub)
            where sub.kind == .implicit || (sub.kind == .dotted && sub.section == section):
                // Once dotted keys have added to it, no header may define it.
                sub.kind = .dotted
                sub.section = section
                t = sub
            case .table(let sub):
                throw TOMLError(
                    line: at,
                    "table \(dotted(path[...i])) is already defined (line \(sub.line)); "
                        + "dotted keys cannot add to it"
                )
            case .tables:
                throw TOMLError(
                    line: at, "\(dotted(path[...i])) is an array of tables; dotted keys cannot add to it")
            case .value:
                throw TOMLError(line: at, "\(dotted(path[...i])) is already a value, not a table")
            }
        }
        let last = path[path.count - 1]
        if t.entries[last] != nil {
            throw TOMLError(
                line: at, "\(dotted(path[...])) is defined twice (first on line \(t.lines[last] ?? at))")
        }
        t.add(last, .value(value), line: at)
    }

    /// A key: one or more simple keys joined by dots.
    private mutating func key() throws(TOMLError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            let save = pos
            skipBlanks()
            guard peek() == UInt8(ascii: ".") else {
                pos = save
                return parts
            }
            pos += 1
            skipBlanks()
            guard parts.count < Self.maxKeyParts else {
                throw fail("a key joins more than \(Self.maxKeyParts) names")
            }
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        guard let c = peek() else { throw fail("expected a key, saw the end of the file") }
        if c == UInt8(ascii: "\"") {
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                throw fail("a key cannot be a multi-line string")
            }
            return try basicString()
        }
        if c == UInt8(ascii: "'") {
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                throw fail("a key cannot be a multi-line string")
            }
            return try literalString()
        }
        let start = pos
        while let b = peek(), isBareKey(b) { pos += 1 }
        guard pos > start else { throw fail("expected a key, saw \(describe(c))") }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        let at = line
        guard let c = peek() else { throw fail("expected a value, saw the end of the file") }
        switch c {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                return TOMLValue(.string(try multilineBasicString()), line: at)
            }
            return TOMLValue(.string(try basicString()), line: at)
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                return TOMLValue(.string(try multilineLiteralString()), line: at)
            }
            return TOMLValue(.string(try literalString()), line: at)
        case UInt8(ascii: "["):
            return TOMLValue(.array(try array(depth: depth + 1)), line: at)
        case UInt8(ascii: "{"):
            return TOMLValue(.table(try inlineTable(depth: depth + 1)), line: at)
        default:
            return TOMLValue(try scalar(), line: at)
        }
    }

    private mutating func array(depth: Int) throws(TOMLError) -> [TOMLValue] {
        guard depth <= Self.maxDepth else {
            throw fail("arrays and inline tables nest more than \(Self.maxDepth) deep")
        }
        pos += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlanksNewlinesAndComments()
            guard let c = peek() else { throw fail("an array is not closed with ']'") }
            if c == UInt8(ascii: "]") {
                pos += 1
                return items
            }
            items.append(try value(depth: depth))
            try skipBlanksNewlinesAndComments()
            guard let d = peek() else { throw fail("an array is not closed with ']'") }
            if d == UInt8(ascii: ",") {
                pos += 1
            } else if d == UInt8(ascii: "]") {
                pos += 1
                return items
            } else {
                throw fail("expected ',' or ']' in an array, saw \(describe(d))")
            }
        }
    }

    private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLTable {
        guard depth <= Self.maxDepth else {
            throw fail("arrays and inline tables nest more than \(Self.maxDepth) deep")
        }
        let table = Node.Table(kind: .header, line: line, section: section)
        pos += 1
        skipBlanks()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            return table.frozen()
        }
        while true {
            skipBlanks()
            try keyValueInline(into: table, depth: depth)
            skipBlanks()
            guard let c = peek() else { throw fail("an inline table is not closed with '}'") }
            if c == UInt8(ascii: ",") {
                pos += 1
            } else if c == UInt8(ascii: "}") {
                pos += 1
                return table.frozen()
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                throw fail("an inline table must be on one line")
            } else {
                throw fail("expected ',' or '}' in an inline table, saw \(describe(c))")
            }
        }
    }

    private mutating func keyValueInline(into table: Node.Table, depth: Int) throws(TOMLError) {
        if let c = peek(), c == UInt8(ascii: "}") { throw fail("an inline table cannot end with ','") }
        // Values inside nest one deeper than the table.
        let at = line
        let path = try key()
        skipBlanks()
        guard peek() == UInt8(ascii: "=") else {
            throw fail("expected '=' after the key \(dotted(path[...]))")
        }
        pos += 1
        skipBlanks()
        let value = try value(depth: depth)
        var t = table
        for (i, k) in path.dropLast().enumerated() {
            switch t.entries[k] {
            case nil:
                let sub = Node.Table(kind: .dotted, line: at, section: section)
                t.add(k, .table(sub))
                t = sub
            case .table(let sub) where sub.kind == .dotted: t = sub
            default: throw TOMLError(line: at, "\(dotted(path[...i])) is already a value, not a table")
            }
        }
        let last = path[path.count - 1]
        if t.entries[last] != nil { throw TOMLError(line: at, "\(dotted(path[...])) is defined twice") }
        t.add(last, .value(value), line: at)
    }

    // MARK: Strings

    /// `"…"`: escapes, no newlines.
    private mutating func basicString() throws(TOMLError) -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw fail("a string is not closed with '\"'") }
            switch c {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw fail("a string in \"…\" cannot span lines (use \"\"\"…\"\"\")")
            default:
                try plain(c, into: &out)
            }
        }
    }

    /// An ordinary character of a string: copied, unless it is a control character.
    private mutating func plain(_ c: UInt8, into out: inout [UInt8]) throws(TOMLError) {
        if isControl(c) {
            throw fail("a control character (\(describe(c))) is not allowed in a string")
        }
        out.append(c)
        pos += 1
    }

    /// `"""…"""`: escapes, newlines, a backslash at the end of a line joins it to the next.
    private mutating func multilineBasicString() throws(TOMLError) -> String {
        pos += 3
        try skipOneNewline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw fail("a string is not closed with '\"\"\"'") }
            switch c {
            case UInt8(ascii: "\""):
                if let n = try closingQuotes(UInt8(ascii: "\"")) {
                    out += repeatElement(UInt8(ascii: "\""), count: n)
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c)
                pos += 1
            case UInt8(ascii: "\\"):
                // A line-ending backslash: blanks, then at least one newline, then blanks and
                // newlines, all dropped.
                var j = pos + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: "\n") || bytes[j] == UInt8(ascii: "\r") {
                    pos = j
                    while let d = peek() {
                        if d == 0x20 || d == 0x09 {
                            pos += 1
                        } else if d == UInt8(ascii: "\n") || d == UInt8(ascii: "\r") {
                            try newline()
                        } else {
                            break
                        }
                    }
                } else {
                    try escape(into: &out)
                }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try newline()
                out.append(UInt8(ascii: "\n"))
            default:
                try plain(c, into: &out)
            }
        }
    }

    /// `'…'`: as written, no newlines.
    private mutating func literalString() throws(TOMLError) -> String {
        pos += 1
        let start = pos
        while true {
            guard let c = peek() else { throw fail("a string is not closed with \"'\"") }
            if c == UInt8(ascii: "'") {
                let s = String(decoding: bytes[start..<pos], as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                throw fail("a string in '…' cannot span lines (use '''…''')")
            }
            if isControl(c) { throw fail("a control character (\(describe(c))) is not allowed in a string") }
            pos += 1
        }
    }

    /// `'''…'''`: as written, newlines allowed.
    private mutating func multilineLiteralString() throws(TOMLError) -> String {
        pos += 3
        try skipOneNewline()
        var out: [UInt8] = []
        while true {
            guard let c = peek() else { throw fail("a string is not closed with \"'''\"") }
            if c == UInt8(ascii: "'") {
                if let n = try closingQuotes(UInt8(ascii: "'")) {
                    out += repeatElement(UInt8(ascii: "'"), count: n)
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c)
                pos += 1
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                try newline()
                out.append(UInt8(ascii: "\n"))
            } else {
                try plain(c, into: &out)
            }
        }
    }

    /// At a quote inside a multi-line string: if three or more close it, how many of them
    /// (at most two) belong to the string, having moved past them all; `nil` otherwise.
    private mutating func closingQuotes(_ q: UInt8) throws(TOMLError) -> Int? {
        var n = 0
        while peek(n) == q { n += 1 }
        guard n >= 3 else { return nil }
        guard n <= 5 else { throw fail("too many quotes at the end of a multi-line string") }
        pos += n
        return n - 3
    }

    /// A newline right after a multi-line string's opening quotes is not part of it.
    private mutating func skipOneNewline() throws(TOMLError) {
        if let c = peek(), c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { try newline() }
    }

    /// `\n` or `\r\n`; a lone carriage return is refused.
    private mutating func newline() throws(TOMLError) {
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else {
                throw fail("a carriage return must be followed by a newline")
            }
            pos += 1
        }
        pos += 1
        line += 1
    }

    private mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        pos += 1
        guard let c = peek() else { throw fail("a string ends in the middle of an escape") }
        pos += 1
        switch c {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let n = c == UInt8(ascii: "u") ? 4 : 8
            var v: UInt32 = 0
            for _ in 0..<n {
                guard let d = peek(), let h = hexDigit(d) else {
                    throw fail("\\\(Character(Unicode.Scalar(c))) needs \(n) hexadecimal digits")
                }
                v = v << 4 | UInt32(h)
                pos += 1
            }
            guard let scalar = Unicode.Scalar(v) else {
                throw fail(
                    "\\\(Character(Unicode.Scalar(c))) names no Unicode scalar value "
                        + "(U+\(String(v, radix: 16, uppercase: true)))"
                )
            }
            out += Array(String(Character(scalar)).utf8)
        default:
            let what =
                c >= 0x21 && c < 0x7F
                ? "\\\(describe(c, quoted: false))" : "a backslash before \(describe(c))"
            throw fail(
                "\(what) is not an escape TOML knows (\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)")
        }
    }

    // MARK: Numbers, booleans, date-times

    /// Everything that is not a string, an array or a table.
    private mutating func scalar() throws(TOMLError) -> TOMLValue.Kind {
        let start = pos
        while let c = peek(), isScalarByte(c) { pos += 1 }
        // A date and a time may be separated by one space.
        if pos - start == 10, peek() == 0x20, let d = peek(1), isDigit(d), isDate(bytes[start..<pos]) {
            pos += 1
            while let c = peek(), isScalarByte(c) { pos += 1 }
        }
        guard pos > start else {
            throw fail(peek().map { "expected a value, saw \(describe($0))" } ?? "expected a value")
        }
        let token = String(decoding: bytes[start..<pos], as: UTF8.self)
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let t = Array(bytes[start..<pos])
        if let i = try integer(t, token) { return .integer(i) }
        if let d = float(t) { return .float(d) }
        if isDateTime(t) { return .datetime(token) }
        throw TOMLError(line: line, "\(token) is not a TOML value (a string needs quotes)")
    }

    /// A decimal (`-12_345`), hexadecimal (`0xFF`), octal (`0o17`) or binary (`0b101`)
    /// integer; `nil` if `t` is not written as one; an error if it is beyond 64 bits.
    private func integer(_ t: [UInt8], _ token: String) throws(TOMLError) -> Int? {
        var digits = t[...]
        var radix = 10
        var negative = false
        if t.count > 2, t[0] == UInt8(ascii: "0"),
            let r = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][t[1]]
        {
            radix = r
            digits = t[2...]
        } else {
            if let s = digits.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                negative = s == UInt8(ascii: "-")
                digits = digits.dropFirst()
            }
            // No leading zeros in decimal.
            if digits.count > 1, digits.first == UInt8(ascii: "0") { return nil }
        }
        guard underscoresBetweenDigits(digits, radix: radix) else { return nil }
        var magnitude: UInt64 = 0
        for d in digits where d != UInt8(ascii: "_") {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
            let (s, o2) = m.addingReportingOverflow(UInt64(hexDigit(d)!))
            if o1 || o2 { throw TOMLError(line: line, "\(token) does not fit in 64 bits") }
            magnitude = s
        }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else {
                throw TOMLError(line: line, "\(token) does not fit in 64 bits")
            }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else {
            throw TOMLError(line: line, "\(token) does not fit in 64 bits")
        }
        return Int(magnitude)
    }

    /// A float: an integer part, then a fraction, an exponent or both.
    private func float(_ t: [UInt8]) -> Double? {
        var i = 0
        if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
        func digitRun(_ from: Int) -> Int? {
            var j = from
            while j < t.count, isDigit(t[j]) || t[j] == UInt8(ascii: "_") { j += 1 }
            return j > from && underscoresBetweenDigits(t[from..<j], radix: 10) ? j : nil
        }
        guard let intEnd = digitRun(i) else { return nil }
        if intEnd - i > 1, t[i] == UInt8(ascii: "0") { return nil }
        i = intEnd
        var hasFraction = false
        var hasExponent = false
        if i < t.count, t[i] == UInt8(ascii: ".") {
            guard let e = digitRun(i + 1) else { return nil }
            i = e
            hasFraction = true
        }
        if i < t.count, t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E") {
            i += 1
            if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
            guard let e = digitRun(i) else { return nil }
            i = e
            hasExponent = true
        }
        guard i == t.count, hasFraction || hasExponent else { return nil }
        return Double(String(decoding: t.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// Digits of `radix`, with single underscores only between two digits.
    private func underscoresBetweenDigits(_ d: ArraySlice<UInt8>, radix: Int) -> Bool {
        guard let first = d.first, let last = d.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_")
        else { return false }
        var previousWasUnderscore = false
        for c in d {
            if c == UInt8(ascii: "_") {
                if previousWasUnderscore { return false }
                previousWasUnderscore = true
            } else {
                guard let v = hexDigit(c), v < radix else { return false }
                previousWasUnderscore = false
            }
        }
        return true
    }

    /// `YYYY-MM-DD`, a real day of the proleptic Gregorian calendar.
    private func isDate(_ t: ArraySlice<UInt8>) -> Bool {
        let a = Array(t)
        guard a.count == 10, a[4] == UInt8(ascii: "-"), a[7] == UInt8(ascii: "-"),
            let y = number(a[0..<4]), let m = number(a[5..<7]), let d = number(a[8..<10]),
            (1...12).contains(m)
        else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    /// `HH:MM:SS` with an optional fraction.
    private func isTime(_ t: ArraySlice<UInt8>) -> Bool {
        let a = Array(t)
        guard a.count >= 8, a[2] == UInt8(ascii: ":"), a[5] == UInt8(ascii: ":"),
            let h = number(a[0..<2]), let m = number(a[3..<5]), let s = number(a[6..<8]),
            h < 24, m < 60, s < 60
        else { return false }
        if a.count == 8 { return true }
        return a[8] == UInt8(ascii: ".") && a.count > 9 && a[9...].allSatisfy(isDigit)
    }

    /// A local date, a local time, a local date-time or an offset date-time.
    private func isDateTime(_ t: [UInt8]) -> Bool {
        if isTime(t[...]) { return true }
        guard t.count >= 10, isDate(t[0..<10]) else { return false }
        if t.count == 10 { return true }
        guard [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(t[10]) else { return false }
        var rest = t[11...]
        if let z = rest.last, z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            rest = rest.dropLast()
        } else if rest.count >= 6 {
            let off = Array(rest.suffix(6))
            if off[0] == UInt8(ascii: "+") || off[0] == UInt8(ascii: "-"), off[3] == UInt8(ascii: ":"),
                let h = number(off[1..<3]), let m = number(off[4..<6]), h < 24, m < 60
            {
                rest = rest.dropLast(6)
            }
        }
        return isTime(rest)
    }

    private func number(_ t: ArraySlice<UInt8>) -> Int? {
        guard !t.isEmpty, t.allSatisfy(isDigit) else { return nil }
        return t.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    // MARK: Bytes

    private func peek(_ ahead: Int = 0) -> UInt8? {
        pos + ahead < bytes.count ? bytes[pos + ahead] : nil
    }

    private mutating func skipBlanks() {
        while let c = peek(), c == 0x20 || c == 0x09 { pos += 1 }
    }

    private mutating func skipBlanksNewlinesAndComments() throws(TOMLError) {
        while let c = peek() {
            switch c {
            case 0x20, 0x09: pos += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): try newline()
            case UInt8(ascii: "#"): try comment()
            default: return
            }
        }
    }

    private func fail(_ message: String) -> TOMLError { TOMLError(line: line, message) }

    private func dotted(_ path: ArraySlice<String>) -> String {
        path.map { key in
            // A key as long as a file is shown by its start.
            let k = key.count > 60 ? String(key.prefix(60)) + "…" : key
            return k.utf8.allSatisfy(isBareKey) && !k.isEmpty ? k : TOMLValue(.string(k), line: 0).text
        }.joined(separator: ".")
    }

    /// A byte as a message shows it: the character, or its code if it is not printable.
    private func describe(_ c: UInt8, quoted: Bool = true) -> String {
        if c >= 0x21 && c < 0x7F {
            let s = String(Character(Unicode.Scalar(c)))
            return quoted ? "'\(s)'" : s
        }
        switch c {
        case 0x20: return "a space"
        case 0x0A: return "a newline"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        default:
            return c < 0x80
                ? "U+" + String(c, radix: 16, uppercase: true).leftPadded(to: 4) : "a non-ASCII character"
        }
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

private func isBareKey(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
        || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
        || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
}

/// The bytes a number, boolean or date-time is written with.
private func isScalarByte(_ c: UInt8) -> Bool {
    isBareKey(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
}

/// A control character TOML allows nowhere but as a newline: all below U+0020 except tab,
/// and DEL.
private func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }

private func hexDigit(_ c: UInt8) -> Int? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
    default: return nil
    }
}

/// A mistake in a TOML document, with its line.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// The document as it is built: tables are shared and mutable until the end, when they are
/// frozen into ``TOMLTable`` values.
private enum Node {
    case value(TOMLValue)
    case table(Table)
    case tables(TableList)

    enum Kind {
        /// Made by a header's path (`a` of `[a.b]`): may still be defined by its own header.
        case implicit
        /// Defined by its `[header]` (or the root, or an inline table, or `[[element]]`).
        case header
        /// Made by dotted keys (`a.b = 1` makes `a`): extendable within the same section only.
        case dotted
    }

    final class Table {
        var kind: Kind
        var line: Int
        var section: Int
        var keys: [String] = []
        var entries: [String: Node] = [:]
        var lines: [String: Int] = [:]

        init(kind: Kind, line: Int, section: Int) {
            self.kind = kind
            self.line = line
            self.section = section
        }

        func add(_ key: String, _ node: Node, line: Int? = nil) {
            keys.append(key)
            entries[key] = node
            lines[key] = line
        }

        func frozen() -> TOMLTable {
            var t = TOMLTable()
            for k in keys {
                switch entries[k]! {
                case .value(let v): t.append(k, v)
                case .table(let sub): t.append(k, TOMLValue(.table(sub.frozen()), line: sub.line))
                case .tables(let list):
                    t.append(
                        k,
                        TOMLValue(
                            .array(list.tables.map { TOMLValue(.table($0.frozen()), line: $0.line) }),
                            line: list.line))
                }
            }
            return t
        }
    }

    final class TableList {
        var tables: [Table]
        let line: Int
        init(_ first: Table, line: Int) {
            tables = [first]
            self.line = line
        }
    }
}
