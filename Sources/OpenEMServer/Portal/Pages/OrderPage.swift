/// The order form, for a new order and for a variation (`order.mustache`, `order.js`).
struct OrderPage: PortalPage {
    static let template = "order"
    var title: String
    var usesMap: Bool { true }

    struct Address: Sendable {
        var id: String
        var text: String
    }

    var heading: String
    var submitLabel: String
    /// "new" or "vary", for the script.
    var mode: String
    var orderId: String
    var subjectId: String
    var subjectName: String
    var tileURL: String
    var addresses: [Address]
    var endDate: String
    var reviewDate: String
    /// A variation: the version it replaces and the one it makes. Nil for a new order.
    var version: Int?
    var nextVersion: Int?
    /// A new order: its first date and the choices of type and cohort.
    var today: String?
    var orderTypes: [Choice]
    var cohorts: [Choice]
    /// `PortalOrderPages.PageData` for the script.
    var orderJSON: String
}
