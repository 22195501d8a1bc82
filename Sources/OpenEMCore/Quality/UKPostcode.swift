import Foundation

/// The shape of a UK postcode (the Royal Mail format, as the ONS and gov.uk validate it): an outward code of an
/// area letter or two, a district digit or two or a digit and letter, then an inward code of a digit and two
/// letters; case and the space between them do not matter. "GIR 0AA" is the one historic exception.
/// This says whether a postcode could exist, not that it does (that needs the Postcode Address File).
public enum UKPostcode {
    /// ICU's regular expressions: several times faster than Swift's `Regex` over a national caseload's addresses.
    nonisolated(unsafe) static let pattern = try! NSRegularExpression(
        pattern: #"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"#)

    public static func isValid(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        return pattern.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
    }
}
