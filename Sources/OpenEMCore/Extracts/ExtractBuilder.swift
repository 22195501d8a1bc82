import Crypto

/// Builds an extract: a row per order that overlaps the period (of the cohort and order type asked for), each
/// wearer's CRN replaced by its pseudonym under the project's key, the columns the dictionary's `extractRow`
/// defines, then k-anonymity suppression. Pure.
public enum ExtractBuilder {
    public struct Table: Sendable, Equatable {
        public var columns: [String]
        /// Each row's values in `columns` order, sorted so the order of rows says nothing about the records.
        public var rows: [[String]]
        public var suppressed: Int

        /// RFC 4180, with a header, records ending with a line feed.
        public var csv: String {
            func field(_ s: String) -> String {
                s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            return ([columns] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
        }
    }

    public static func build(
        _ sources: [ExtractSource], period: ExtractPeriod, cohort: Cohort?, orderType: OrderType?, key: SymmetricKey, k: Int,
        layout: ExtractLayout
    ) -> Table {
        let chosen = sources.filter { s in
            ExtractRowValues.overlaps(s.order, period) && (cohort.map { s.order.cohort == $0 } ?? true)
                && (orderType.map { s.order.orderType == $0 } ?? true)
        }
        let values = chosen.map { s in
            let pseudonym = s.subject.identifiers.crn.map { Pseudonym.of(crn: $0, key: key) } ?? ""
            return ExtractRowValues.values(of: s, period: period, pseudonym: pseudonym)
        }
        let result = KAnonymity.suppress(values, groupingBy: layout.quasiIdentifiers, k: k)
        let rows = result.kept.map(layout.record).sorted { $0.lexicographicallyPrecedes($1) }
        return Table(columns: layout.header, rows: rows, suppressed: result.suppressed)
    }
}
