/// The API's length limits, one rule for every field they cover: free text (notes, reasons, a crime's free text) is
/// at most 4,000 characters, a crime reference at most 64, a crime batch at most 10,000 rows. Longer input is
/// refused with `TOO_LONG` naming the field (or `BATCH_TOO_LARGE` naming the limit), never cut short in silence.
public enum TextLimits {
    public static let freeText = 4000
    public static let crimeReference = 64
    public static let crimeBatchRows = 10_000

    /// A `TOO_LONG` problem for `field` when `value` is longer than `max` characters.
    public static func check(_ field: String, _ value: String?, max: Int = freeText) -> ValidationProblem? {
        guard let value, value.count > max else { return nil }
        return ValidationProblem(field, "TOO_LONG", "\(field) is \(value.count) characters; at most \(max) are accepted")
    }

    /// Every free-text field of a request that is too long.
    public static func problems(_ fields: [(String, String?)]) -> [ValidationProblem] {
        fields.compactMap { check($0.0, $0.1) }
    }
}
