/// CSV fields as RFC 4180 quotes them: a field is quoted when it holds a comma, a quote or a line break, and a quote
/// inside is doubled. Records end with a line feed, like the server's other CSV exports.
enum CSVText {
    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
