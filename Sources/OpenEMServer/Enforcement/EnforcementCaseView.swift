import Foundation
import Hummingbird
import OpenEMCore

/// An enforcement case as the API returns it: the stored case, its status, and its next deadline as of now.
struct EnforcementCaseView: ResponseEncodable, Encodable, Sendable {
    var enforcementCase: EnforcementCase
    var due: EnforcementDue?
    var overdue: Bool

    init(_ c: EnforcementCase, deadlines: [EnforcementDeadline], now: Date) {
        enforcementCase = c
        due = EnforcementRules.nextDue(c, deadlines: deadlines, zone: EnforcementCaseView.zone)
        overdue = due?.isOverdue(at: now) ?? false
    }

    /// Working days are counted in UK time.
    static let zone = TimeZone(identifier: "Europe/London")!

    enum Keys: String, CodingKey { case status, nextStep, nextStepDueBy, overdue }

    func encode(to encoder: any Encoder) throws {
        try enforcementCase.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(enforcementCase.status, forKey: .status)
        try c.encodeIfPresent(due?.step, forKey: .nextStep)
        try c.encodeIfPresent(due?.dueBy, forKey: .nextStepDueBy)
        try c.encode(overdue, forKey: .overdue)
    }
}

struct EnforcementCasePage: ResponseEncodable, Encodable, Sendable {
    var items: [EnforcementCaseView]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }
}
