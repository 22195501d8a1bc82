import Foundation
import Geo

/// The order as a client submits it (create or variation), before ids and versions are assigned.
public struct OrderDraft: Codable, Sendable, Hashable {
    public var subjectId: EntityID
    public var orderType: OrderType
    public var cohort: Cohort
    public var startDate: String
    public var endDate: String?
    public var timeZone: String?
    public var nextReviewDate: String?
    public var conditions: [Condition]

    public init(
        subjectId: EntityID, orderType: OrderType, cohort: Cohort = .standard, startDate: String,
        endDate: String?, timeZone: String? = nil, nextReviewDate: String? = nil, conditions: [Condition]
    ) {
        self.subjectId = subjectId
        self.orderType = orderType
        self.cohort = cohort
        self.startDate = startDate
        self.endDate = endDate
        self.timeZone = timeZone
        self.nextReviewDate = nextReviewDate
        self.conditions = conditions
    }
}

/// Facts from the store that order rules depend on, gathered by the caller so the rules stay pure.
public struct OrderContext: Sendable {
    public var subject: Subject
    public var addressChecks: [AddressCheck]
    public var existingSubjectIds: Set<EntityID>
    public var victimDeviceIds: Set<EntityID>

    public init(
        subject: Subject, addressChecks: [AddressCheck], existingSubjectIds: Set<EntityID>,
        victimDeviceIds: Set<EntityID>
    ) {
        self.subject = subject
        self.addressChecks = addressChecks
        self.existingSubjectIds = existingSubjectIds
        self.victimDeviceIds = victimDeviceIds
    }
}

public enum OrderValidation {
    public static let licenceProjectMaxMonths = 12
    public static let reviewIntervalMonths = 3

    /// Whether the 12-month limit and 3-monthly reviews apply (acquisitive crime, alcohol and domestic abuse
    /// projects on licence).
    public static func isLicenceProject(_ d: OrderDraft) -> Bool { isLicenceProject(orderType: d.orderType, cohort: d.cohort) }

    /// A licence in a time-limited project cohort: at most 12 months, reviewed every 3.
    public static func isLicenceProject(orderType: OrderType, cohort: Cohort) -> Bool {
        orderType == .postRelease && cohort.isTimeLimitedLicenceProject
    }

    /// Validates a draft and returns it normalised (default time zone, default review date).
    public static func validate(_ draft: OrderDraft, context: OrderContext) -> Result<OrderDraft, ValidationFailure> {
        var d = draft
        var p: [ValidationProblem] = []
        let start = LocalDay(isoDate: draft.startDate)
        if start == nil { p.append(.init("startDate", "INVALID_DATE", "startDate must be a date yyyy-MM-dd")) }
        var end: LocalDay?
        if let e = draft.endDate {
            end = LocalDay(isoDate: e)
            if end == nil { p.append(.init("endDate", "INVALID_DATE", "endDate must be a date yyyy-MM-dd")) }
        }
        if let s = start, let e = end, e <= s {
            p.append(.init("endDate", "END_BEFORE_START", "endDate must be after startDate"))
        }
        let tz = draft.timeZone ?? "Europe/London"
        if TimeZone(identifier: tz) == nil {
            p.append(.init("timeZone", "INVALID_TIME_ZONE", "timeZone '\(tz)' is not an IANA time zone"))
        }
        d.timeZone = tz

        if isLicenceProject(draft), let s = start {
            let limit = s.adding(months: licenceProjectMaxMonths)
            if draft.endDate == nil {
                p.append(
                    .init(
                        "endDate", "END_DATE_REQUIRED",
                        "a \(draft.cohort.rawValue) licence order needs an endDate (at most 12 months)"))
            } else if let e = end, e > limit {
                p.append(
                    .init(
                        "endDate", "TOO_LONG",
                        "a \(draft.cohort.rawValue) licence order may last at most 12 months (until \(limit))"))
            }
            let dueBy = s.adding(months: reviewIntervalMonths)
            if let r = draft.nextReviewDate {
                if let review = LocalDay(isoDate: r) {
                    if review > dueBy || review < s {
                        p.append(
                            .init(
                                "nextReviewDate", "REVIEW_TOO_LATE",
                                "the first review must fall within 3 months of the start (by \(dueBy))"))
                    }
                } else {
                    p.append(.init("nextReviewDate", "INVALID_DATE", "nextReviewDate must be a date yyyy-MM-dd"))
                }
            } else {
                d.nextReviewDate = dueBy.description
            }
        } else if let r = draft.nextReviewDate, LocalDay(isoDate: r) == nil {
            p.append(.init("nextReviewDate", "INVALID_DATE", "nextReviewDate must be a date yyyy-MM-dd"))
        }

        if Set(draft.conditions.map(\.id)).count != draft.conditions.count {
            p.append(.init("conditions", "DUPLICATE_CONDITION_ID", "two conditions share an id"))
        }
        for (i, c) in draft.conditions.enumerated() {
            p += ConditionValidation.problems(c, field: "conditions[\(i)]", context: context)
        }
        return p.isEmpty ? .success(d) : .failure(ValidationFailure(p))
    }
}

public enum ConditionValidation {
    public static func problems(_ c: Condition, field f: String, context: OrderContext) -> [ValidationProblem] {
        var p: [ValidationProblem] = []
        if let s = c.start, let e = c.end, e <= s {
            p.append(.init("\(f).end", "END_BEFORE_START", "\(f).end must be after its start"))
        }
        func range(_ v: Double, _ r: ClosedRange<Double>, _ name: String) {
            if !v.isFinite || !r.contains(v) {
                p.append(
                    .init(
                        "\(f).\(name)", "OUT_OF_RANGE",
                        "\(f).\(name) must be between \(Int(r.lowerBound)) and \(Int(r.upperBound))"))
            }
        }
        switch c.rule {
        case .curfew(let cu):
            range(cu.radiusMetres, 10...500, "radiusMetres")
            range(Double(cu.graceMinutes), 0...120, "graceMinutes")
            p += TimetableValidation.problems(cu.timetable, field: "\(f).timetable")
            if context.subject.address(id: cu.addressId) == nil {
                p.append(.init("\(f).addressId", "UNKNOWN_ADDRESS", "\(f).addressId is not one of the wearer's addresses"))
            } else if !context.addressChecks.contains(where: { $0.addressId == cu.addressId && $0.clearsCurfew }) {
                p.append(
                    .init(
                        "\(f).addressId", "ADDRESS_CHECK_REQUIRED",
                        "a curfew cannot start at this address until a domestic-abuse and safeguarding check "
                            + "finding it suitable is recorded (POST /api/v1/subjects/{id}/address-checks)"))
            }
        case .zone(let z):
            if z.name.trimmingCharacters(in: .whitespaces).isEmpty {
                p.append(.init("\(f).name", "REQUIRED", "\(f).name is required"))
            }
            if let b = z.bufferMetres { range(b, 0...1000, "bufferMetres") }
            if let s = z.schedule { p += TimetableValidation.problems(s, field: "\(f).schedule") }
            let geometryProblems: [GeometryProblem]
            switch z.geometry {
            case .point(let c):
                guard let r = z.radiusMetres else {
                    p.append(.init("\(f).radiusMetres", "REQUIRED", "a Point zone needs radiusMetres"))
                    geometryProblems = []
                    break
                }
                geometryProblems = GeometryValidation.problems(in: Circle(center: c, radiusMetres: r))
            case .polygon(let poly):
                geometryProblems = GeometryValidation.problems(in: poly)
                if z.radiusMetres != nil { p.append(.init("\(f).radiusMetres", "NOT_ALLOWED", "radiusMetres is for Point zones only")) }
            case .multiPolygon(let m):
                geometryProblems = GeometryValidation.problems(in: m)
                if z.radiusMetres != nil { p.append(.init("\(f).radiusMetres", "NOT_ALLOWED", "radiusMetres is for Point zones only")) }
            case .lineString:
                geometryProblems = []
                p.append(.init("\(f).geometry", "UNSUPPORTED_GEOMETRY", "a zone is a Polygon, MultiPolygon or Point"))
            }
            p += geometryProblems.map { .init("\(f).geometry", $0.code, "\(f).geometry: \($0.message)") }
        case .trail:
            break
        case .alcohol(let a):
            if a.mode == .limit {
                if let l = a.limitTac {
                    range(l, 0.005...0.4, "limitTac")
                } else {
                    p.append(.init("\(f).limitTac", "REQUIRED", "LIMIT mode needs limitTac (g/dL)"))
                }
            }
        case .attendance(let a):
            if !a.location.isValid { p.append(.init("\(f).location", "COORDINATE_OUT_OF_RANGE", "\(f).location is not a valid lat/lon")) }
            range(a.radiusMetres, 10...2000, "radiusMetres")
            if a.appointments.isEmpty { p.append(.init("\(f).appointments", "REQUIRED", "at least one appointment is needed")) }
            for (i, ap) in a.appointments.enumerated() where ap.end <= ap.start {
                p.append(.init("\(f).appointments[\(i)]", "END_BEFORE_START", "an appointment must end after it starts"))
            }
        case .nonAssociation(let n):
            range(n.distanceMetres, 10...20000, "distanceMetres")
            if n.otherSubjectId == context.subject.id {
                p.append(.init("\(f).otherSubjectId", "SELF_REFERENCE", "a wearer cannot be barred from themselves"))
            } else if !context.existingSubjectIds.contains(n.otherSubjectId) {
                p.append(.init("\(f).otherSubjectId", "UNKNOWN_SUBJECT", "\(f).otherSubjectId is not a known wearer"))
            }
        case .victimProximity(let v):
            range(v.breachMetres, 50...10000, "breachMetres")
            range(v.warnMetres, 50...50000, "warnMetres")
            if v.warnMetres <= v.breachMetres {
                p.append(.init("\(f).warnMetres", "WARN_INSIDE_BREACH", "warnMetres must be larger than breachMetres"))
            }
            if !context.victimDeviceIds.contains(v.victimDeviceId) {
                p.append(.init("\(f).victimDeviceId", "UNKNOWN_VICTIM_DEVICE", "\(f).victimDeviceId is not a registered VICTIM_PHONE"))
            }
        }
        return p
    }
}
