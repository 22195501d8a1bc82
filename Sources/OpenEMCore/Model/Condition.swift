import Foundation
import Geo

public struct CurfewCondition: Codable, Sendable, Hashable {
    public var addressId: EntityID
    public var radiusMetres: Double
    public var graceMinutes: Int
    public var timetable: [TimetableRow]

    public init(addressId: EntityID, radiusMetres: Double = 50, graceMinutes: Int = 5, timetable: [TimetableRow]) {
        self.addressId = addressId
        self.radiusMetres = radiusMetres
        self.graceMinutes = graceMinutes
        self.timetable = timetable
    }

    private enum Keys: String, CodingKey { case addressId, radiusMetres, graceMinutes, timetable }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        addressId = try c.decode(String.self, forKey: .addressId)
        radiusMetres = try c.decodeIfPresent(Double.self, forKey: .radiusMetres) ?? 50
        graceMinutes = try c.decodeIfPresent(Int.self, forKey: .graceMinutes) ?? 5
        timetable = try c.decode([TimetableRow].self, forKey: .timetable)
    }
}

public enum ZoneKind: String, Codable, Sendable, Hashable, CaseIterable {
    case exclusion = "exclusionZone"
    case inclusion = "inclusionZone"
}

public struct ZoneCondition: Codable, Sendable, Hashable {
    public var kind: ZoneKind
    public var name: String
    public var geometry: GeoJSONGeometry
    public var radiusMetres: Double?
    public var bufferMetres: Double?
    public var schedule: [TimetableRow]?

    public init(
        kind: ZoneKind, name: String, geometry: GeoJSONGeometry, radiusMetres: Double? = nil,
        bufferMetres: Double? = nil, schedule: [TimetableRow]? = nil
    ) {
        self.kind = kind
        self.name = name
        self.geometry = geometry
        self.radiusMetres = radiusMetres
        self.bufferMetres = bufferMetres
        self.schedule = schedule
    }

    /// The zone as a shape: a GeoJSON Point with a radius is a circle.
    public var shape: Shape? {
        switch geometry {
        case .point(let c):
            guard let r = radiusMetres else { return nil }
            return .circle(Circle(center: c, radiusMetres: r))
        case .polygon(let p): return .polygon(p)
        case .multiPolygon(let m): return .multiPolygon(m)
        case .lineString: return nil
        }
    }
}

public enum AlcoholMode: String, Codable, Sendable, Hashable, CaseIterable {
    case abstinence = "ABSTINENCE"
    case limit = "LIMIT"
}

public struct AlcoholCondition: Codable, Sendable, Hashable {
    public var mode: AlcoholMode
    public var limitTac: Double?
    public init(mode: AlcoholMode, limitTac: Double? = nil) {
        self.mode = mode
        self.limitTac = limitTac
    }
}

public struct AttendanceCondition: Codable, Sendable, Hashable {
    public var location: Coordinate
    public var radiusMetres: Double
    public var graceMinutes: Int?
    public var appointments: [Appointment]
    public init(location: Coordinate, radiusMetres: Double, graceMinutes: Int? = nil, appointments: [Appointment]) {
        self.location = location
        self.radiusMetres = radiusMetres
        self.graceMinutes = graceMinutes
        self.appointments = appointments
    }
}

public struct NonAssociationCondition: Codable, Sendable, Hashable {
    public var otherSubjectId: EntityID
    public var distanceMetres: Double
    public init(otherSubjectId: EntityID, distanceMetres: Double) {
        self.otherSubjectId = otherSubjectId
        self.distanceMetres = distanceMetres
    }
}

public struct VictimProximityCondition: Codable, Sendable, Hashable {
    public var victimDeviceId: EntityID
    public var warnMetres: Double
    public var breachMetres: Double
    public init(victimDeviceId: EntityID, warnMetres: Double = 2000, breachMetres: Double = 500) {
        self.victimDeviceId = victimDeviceId
        self.warnMetres = warnMetres
        self.breachMetres = breachMetres
    }

    private enum Keys: String, CodingKey { case victimDeviceId, warnMetres, breachMetres }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        victimDeviceId = try c.decode(String.self, forKey: .victimDeviceId)
        warnMetres = try c.decodeIfPresent(Double.self, forKey: .warnMetres) ?? 2000
        breachMetres = try c.decodeIfPresent(Double.self, forKey: .breachMetres) ?? 500
    }
}

public enum ConditionRule: Sendable, Hashable {
    case curfew(CurfewCondition)
    case zone(ZoneCondition)
    case trail
    case alcohol(AlcoholCondition)
    case attendance(AttendanceCondition)
    case nonAssociation(NonAssociationCondition)
    case victimProximity(VictimProximityCondition)

    public var typeName: String {
        switch self {
        case .curfew: "curfew"
        case .zone(let z): z.kind.rawValue
        case .trail: "trail"
        case .alcohol: "alcohol"
        case .attendance: "attendance"
        case .nonAssociation: "nonAssociation"
        case .victimProximity: "victimProximity"
        }
    }

    public static let typeNames = [
        "curfew", "exclusionZone", "inclusionZone", "trail", "alcohol", "attendance",
        "nonAssociation", "victimProximity",
    ]
}

/// A condition of an order, as API.md shows it: `{"id","type",...,"start"?,"end"?}`.
public struct Condition: Sendable, Hashable, Codable {
    public var id: EntityID
    public var start: Date?
    public var end: Date?
    public var rule: ConditionRule

    public init(id: EntityID = newEntityID(), start: Date? = nil, end: Date? = nil, rule: ConditionRule) {
        self.id = id
        self.start = start
        self.end = end
        self.rule = rule
    }

    /// Whether the condition is in force at an instant (order dates are checked separately).
    public func isInForce(at t: Date) -> Bool {
        if let s = start, t < s { return false }
        if let e = end, t >= e { return false }
        return true
    }

    private enum Keys: String, CodingKey { case id, type, start, end }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? newEntityID()
        start = try c.decodeIfPresent(Date.self, forKey: .start)
        end = try c.decodeIfPresent(Date.self, forKey: .end)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "curfew": rule = .curfew(try CurfewCondition(from: decoder))
        case "exclusionZone", "inclusionZone":
            let body = try ZoneBody(from: decoder)
            rule = .zone(
                ZoneCondition(
                    kind: ZoneKind(rawValue: type)!, name: body.name, geometry: body.geometry,
                    radiusMetres: body.radiusMetres, bufferMetres: body.bufferMetres,
                    schedule: body.schedule))
        case "trail": rule = .trail
        case "alcohol": rule = .alcohol(try AlcoholCondition(from: decoder))
        case "attendance": rule = .attendance(try AttendanceCondition(from: decoder))
        case "nonAssociation": rule = .nonAssociation(try NonAssociationCondition(from: decoder))
        case "victimProximity": rule = .victimProximity(try VictimProximityCondition(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown condition type '\(type)'; expected one of \(ConditionRule.typeNames.joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(rule.typeName, forKey: .type)
        try c.encodeIfPresent(start, forKey: .start)
        try c.encodeIfPresent(end, forKey: .end)
        switch rule {
        case .curfew(let v): try v.encode(to: encoder)
        case .zone(let z):
            try ZoneBody(
                name: z.name, geometry: z.geometry, radiusMetres: z.radiusMetres,
                bufferMetres: z.bufferMetres, schedule: z.schedule
            ).encode(to: encoder)
        case .trail: break
        case .alcohol(let v): try v.encode(to: encoder)
        case .attendance(let v): try v.encode(to: encoder)
        case .nonAssociation(let v): try v.encode(to: encoder)
        case .victimProximity(let v): try v.encode(to: encoder)
        }
    }

    private struct ZoneBody: Codable {
        var name: String
        var geometry: GeoJSONGeometry
        var radiusMetres: Double?
        var bufferMetres: Double?
        var schedule: [TimetableRow]?
    }
}
