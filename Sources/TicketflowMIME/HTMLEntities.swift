import Foundation

/// HTML character references (`&amp;`, `&eacute;`, `&#233;`, `&#xE9;`): the named ones mail HTML uses, and all
/// numeric ones, with the HTML5 rule that 0x80-0x9F mean their Windows-1252 characters.
enum HTMLEntities {
    /// Decodes the character references in `text`; unknown ones stay as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", let (value, next) = reference(scalars, at: index) else {
                out.append(scalars[index])
                index += 1
                continue
            }
            out.append(contentsOf: value.unicodeScalars)
            index = next
        }
        return String(out)
    }

    private static func reference(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        if index < s.count, s[index] == "#" {
            index += 1
            let hex = index < s.count && (s[index] == "x" || s[index] == "X")
            if hex { index += 1 }
            var digits = ""
            while index < s.count, digits.count < 8,
                hex ? s[index].properties.isASCIIHexDigit : ("0"..."9").contains(s[index])
            {
                digits.unicodeScalars.append(s[index])
                index += 1
            }
            guard !digits.isEmpty, var value = UInt32(digits, radix: hex ? 16 : 10) else { return nil }
            if index < s.count, s[index] == ";" { index += 1 }
            if value >= 0x80 && value <= 0x9F {
                value = MIMECharset.windows1252([UInt8(value)]).unicodeScalars.first!.value
            }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(scalar ?? "\u{FFFD}"), index)
        }
        var name = ""
        while index < s.count, name.count < 32, s[index].properties.isAlphabetic || ("0"..."9").contains(s[index]) {
            name.unicodeScalars.append(s[index])
            index += 1
        }
        if index < s.count, s[index] == ";", let value = named[name] {
            return (String(Unicode.Scalar(value)!), index + 1)
        }
        // Without ";", browsers still read the legacy names (as in "&nbsp" or "?a=1&copy=2" mistakes).
        if ["amp", "lt", "gt", "quot", "nbsp"].contains(name), let value = named[name] {
            return (String(Unicode.Scalar(value)!), index)
        }
        return nil
    }

    private static let latin1Names = """
        nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 \
        acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml \
        Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde \
        Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig \
        ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide \
        oslash ugrave uacute ucirc uuml yacute thorn yuml
        """

    static let named: [String: UInt32] = {
        var table: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "OElig": 0x152, "oelig": 0x153,
            "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
            "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E,
            "rlm": 0x200F, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A,
            "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022,
            "hellip": 0x2026, "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033, "lsaquo": 0x2039,
            "rsaquo": 0x203A, "euro": 0x20AC, "trade": 0x2122, "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192,
            "darr": 0x2193, "harr": 0x2194, "minus": 0x2212, "infin": 0x221E, "ne": 0x2260, "le": 0x2264,
            "ge": 0x2265, "hearts": 0x2665, "check": 0x2713,
        ]
        for (offset, name) in latin1Names.split(separator: " ").enumerated() {
            table[String(name)] = 0xA0 + UInt32(offset)
        }
        return table
    }()
}
