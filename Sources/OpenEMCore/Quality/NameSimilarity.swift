import Foundation

/// Whether two people's names are close enough that, with the same date of birth, they are probably one person
/// recorded twice: a typing slip ("Jon"/"John"), a short form ("Dan"/"Daniel"), or first and last names swapped.
public enum NameSimilarity {
    /// Letters only, upper case, accents folded ("O'Neill" and "ONeill" are one name).
    public static func normalised(_ name: String) -> [Character] {
        Array(name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased().filter(\.isLetter))
    }

    public static func likelySamePerson(first a: String, last b: String, first c: String, last d: String) -> Bool {
        let (f1, l1, f2, l2) = (normalised(a), normalised(b), normalised(c), normalised(d))
        guard !l1.isEmpty, !l2.isEmpty else { return false }
        func close(_ x: [Character], _ y: [Character], _ threshold: Double) -> Bool {
            x == y || jaroWinkler(x, y) >= threshold
        }
        func firstNamesAgree(_ x: [Character], _ y: [Character]) -> Bool {
            if x.isEmpty || y.isEmpty { return false }
            let (short, long) = x.count <= y.count ? (x, y) : (y, x)
            return close(x, y, 0.88) || (short.count >= 3 && long.starts(with: short))
        }
        return (close(l1, l2, 0.92) && firstNamesAgree(f1, f2)) || (l1 == f2 && f1 == l2)
    }

    /// The Jaro-Winkler similarity of two strings: 1 for equal, 0 for nothing in common; a shared prefix of up to
    /// four characters counts extra, as names mistyped tend to keep their start.
    public static func jaroWinkler(_ a: [Character], _ b: [Character]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var aMatched = [Bool](repeating: false, count: a.count), bMatched = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let lo = max(0, i - window), hi = min(b.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !bMatched[j] && a[i] == b[j] {
                aMatched[i] = true
                bMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, k = 0
        for i in a.indices where aMatched[i] {
            while !bMatched[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions / 2)) / m) / 3
        let prefix = zip(a, b).prefix(4).prefix { $0 == $1 }.count
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
