import Foundation
import Geo
import Testing

@testable import OpenEMCore

/// Every code a store writes for an enum, case by case. A changed code, a renamed raw value or a reordered case
/// would rewrite what existing databases mean, so each fails here first. The codes are the ones stored before they
/// were pinned (raw values, and the positions the integer columns used), so existing databases read back unchanged
/// and no migration is needed.
@Suite("Stored codes")
struct StoredCodesTests {
    /// The table names every case once, and each case's stored code reads back as that case.
    func pinned<E: RawRepresentable & CaseIterable & Hashable>(
        _ table: [(E, E.RawValue)],
        sourceLocation: SourceLocation = #_sourceLocation
    )
    where E.RawValue: Hashable {
        #expect(Set(table.map(\.0)) == Set(E.allCases), "every case has a pinned code", sourceLocation: sourceLocation)
        #expect(Set(table.map(\.1)).count == table.count, "no two cases share a code", sourceLocation: sourceLocation)
        for (value, code) in table {
            #expect(value.rawValue == code, "\(value)", sourceLocation: sourceLocation)
            #expect(E(rawValue: code) == value, "\(code)", sourceLocation: sourceLocation)
        }
    }

    @Test("telemetry columns: kind, position source and tamper kind are pinned integers")
    func telemetryCodes() throws {
        pinned([(TelemetryFields.Kind.position, 0), (.rf, 1), (.alcohol, 2), (.tamper, 3), (.battery, 4), (.heartbeat, 5), (.unlocated, 6)])
        let sources: [(PositionSource, Int)] = [(.gps, 0), (.lbs, 1), (.wifi, 2)]
        #expect(Set(sources.map(\.0)) == Set(PositionSource.allCases))
        for (source, code) in sources {
            #expect(source.storedCode == code)
            #expect(try PositionSource(storedCode: code) == source)
        }
        let tampers: [(TamperKind, Int)] = [(.strap, 0), (.case, 1), (.obstruction, 2), (.homeUnitMoved, 3)]
        #expect(Set(tampers.map(\.0)) == Set(TamperKind.allCases))
        for (kind, code) in tampers {
            #expect(kind.storedCode == code)
            #expect(try TamperKind(storedCode: code) == kind)
        }
    }

    @Test("each payload is written with its pinned codes and reads back the same")
    func payloadRows() throws {
        let at = Coordinate(lat: 51.5, lon: -0.12)
        let rows: [(TelemetryPayload, TelemetryFields)] = [
            (
                .position(PositionFix(coordinate: at, accuracyMetres: 8, source: .wifi, speed: 1.5, heading: 90)),
                TelemetryFields(kind: 0, lat: 51.5, lon: -0.12, acc: 8, src: 2, v1: 1.5, v2: 90)
            ),
            (.rf(inRange: true), TelemetryFields(kind: 1, flag: 1)),
            (.alcohol(AlcoholReading(tac: 0.03, irVoltage: 1.2, temperatureC: 33)), TelemetryFields(kind: 2, v1: 0.03, v2: 1.2, v3: 33)),
            (.tamper(.homeUnitMoved), TelemetryFields(kind: 3, flag: 3)),
            (.battery(levelPercent: 40, charging: true), TelemetryFields(kind: 4, v1: 40, flag: 1)),
            (.heartbeat, TelemetryFields(kind: 5)),
            (.unlocated(UnlocatedReport(cells: 2, wifiAccessPoints: 1)), TelemetryFields(kind: 6, v1: 2, v2: 1)),
            // Unknown accuracy is NULL; altitude and "time is the time of receipt" ride in v3 and flag.
            (
                .position(PositionFix(coordinate: at, accuracyMetres: nil, altitudeMetres: 35, timeIsReceipt: true)),
                TelemetryFields(kind: 0, lat: 51.5, lon: -0.12, acc: nil, src: 0, v3: 35, flag: 1)
            ),
        ]
        for (payload, fields) in rows {
            #expect(TelemetryFields(payload) == fields)
            #expect(try fields.payload == payload)
        }
    }

    @Test("an unknown telemetry code is an error naming the column, never a heartbeat, GPS fix or strap tamper")
    func unknownTelemetryCodes() {
        #expect(throws: UnknownStoredCode(column: "telemetry.kind", code: "7")) { try TelemetryFields(kind: 7).payload }
        #expect(throws: UnknownStoredCode(column: "telemetry.src", code: "7")) {
            try TelemetryFields(kind: 0, lat: 51, lon: 0, acc: 5, src: 7).payload
        }
        #expect(throws: UnknownStoredCode(column: "telemetry.src", code: "NULL")) {
            try TelemetryFields(kind: 0, lat: 51, lon: 0, acc: 5).payload
        }
        #expect(throws: UnknownStoredCode(column: "telemetry.flag", code: "4")) { try TelemetryFields(kind: 3, flag: 4).payload }
        #expect(throws: UnknownStoredCode(column: "telemetry.flag", code: "NULL")) { try TelemetryFields(kind: 3).payload }
    }

    @Test("an unknown text code is an error naming the column")
    func unknownTextCode() {
        #expect(throws: UnknownStoredCode(column: "violations.type", code: "CURFEW")) {
            try ViolationType(stored: "CURFEW", column: "violations.type")
        }
        #expect(throws: Never.self) { try ViolationStatus(stored: "WITHDRAWN", column: "violations.status") }
    }

    @Test("violations, devices and audit columns")
    func columnCodes() {
        pinned([
            (ViolationType.curfewAbsence, "CURFEW_ABSENCE"), (.exclusionZoneEntry, "EXCLUSION_ZONE_ENTRY"),
            (.inclusionZoneExit, "INCLUSION_ZONE_EXIT"), (.attendanceMissed, "ATTENDANCE_MISSED"),
            (.alcoholDetected, "ALCOHOL_DETECTED"), (.alcoholLimitExceeded, "ALCOHOL_LIMIT_EXCEEDED"),
            (.nonAssociation, "NON_ASSOCIATION"), (.victimProximityWarning, "VICTIM_PROXIMITY_WARNING"),
            (.victimProximityBreach, "VICTIM_PROXIMITY_BREACH"), (.tamper, "TAMPER"), (.lowBattery, "LOW_BATTERY"),
            (.batteryFlat, "BATTERY_FLAT"), (.noCommunication, "NO_COMMUNICATION"),
        ])
        pinned([(ViolationStatus.provisional, "PROVISIONAL"), (.confirmed, "CONFIRMED"), (.withdrawn, "WITHDRAWN")])
        pinned([
            (DeviceType.gpsTag, "GPS_TAG"), (.rfTag, "RF_TAG"), (.rfHomeUnit, "RF_HOME_UNIT"), (.alcoholTag, "ALCOHOL_TAG"),
            (.gpsAlcoholTag, "GPS_ALCOHOL_TAG"), (.victimPhone, "VICTIM_PHONE"),
        ])
        pinned([(AuditOutcome.success, "SUCCESS"), (.denied, "DENIED"), (.failed, "FAILED")])
    }

    @Test("alert columns and documents; severities compare in a pinned order")
    func alertCodes() {
        pinned([(Severity.low, "LOW"), (.medium, "MEDIUM"), (.high, "HIGH"), (.critical, "CRITICAL")])
        #expect(Severity.allCases.map(\.rank) == [0, 1, 2, 3])
        #expect([Severity.low, .medium, .high, .critical].map(\.rank) == [0, 1, 2, 3])
        #expect([Severity.low, .medium, .high, .critical].map(\.raised) == [.medium, .high, .critical, .critical])
        #expect(Severity.medium < .high && !(Severity.critical < .low))
        pinned([(AlertStatus.open, "OPEN"), (.acknowledged, "ACKNOWLEDGED"), (.actioned, "ACTIONED"), (.closed, "CLOSED")])
        pinned([
            (AlertDecision.attend, "ATTEND"), (.arrest, "ARREST"), (.warn, "WARN"), (.referToProbation, "REFER_TO_PROBATION"),
            (.noFurtherAction, "NO_FURTHER_ACTION"),
        ])
        pinned([
            (AlertEvent.Kind.raised, "RAISED"), (.updated, "VIOLATION_UPDATED"), (.acknowledged, "ACKNOWLEDGED"),
            (.decided, "DECIDED"), (.closed, "CLOSED"), (.escalated, "ESCALATED"), (.withdrawn, "VIOLATION_WITHDRAWN"),
        ])
        pinned([
            (ViolationChange.Kind.opened, "opened"), (.evidenceAdded, "evidenceAdded"), (.confirmed, "confirmed"),
            (.closed, "closed"), (.extended, "extended"), (.shortened, "shortened"), (.withdrawn, "withdrawn"),
        ])
    }

    @Test("subject, order and condition documents")
    func documentCodes() {
        pinned([(AddressType.primary, "PRIMARY"), (.secondary, "SECONDARY"), (.tertiary, "TERTIARY")])
        pinned([(AddressCheck.Outcome.suitable, "SUITABLE"), (.unsuitable, "UNSUITABLE")])
        pinned([
            (OrderType.bail, "BAIL"), (.community, "COMMUNITY"), (.postRelease, "POST_RELEASE"), (.immigration, "IMMIGRATION"),
            (.civil, "CIVIL"), (.youth, "YOUTH"),
        ])
        pinned([
            (Cohort.standard, "STANDARD"), (.acquisitiveCrime, "ACQUISITIVE_CRIME"), (.domesticAbuse, "DOMESTIC_ABUSE"),
            (.alcohol, "ALCOHOL"), (.licenceVariation, "LICENCE_VARIATION"), (.foreignNational, "FOREIGN_NATIONAL"),
        ])
        pinned([(OrderStatus.active, "ACTIVE"), (.ended, "ENDED")])
        pinned([(Weekday.mon, "MON"), (.tue, "TUE"), (.wed, "WED"), (.thu, "THU"), (.fri, "FRI"), (.sat, "SAT"), (.sun, "SUN")])
        pinned([(ZoneKind.exclusion, "exclusionZone"), (.inclusion, "inclusionZone")])
        pinned([(AlcoholMode.abstinence, "ABSTINENCE"), (.limit, "LIMIT")])
        pinned([(PositionSource.gps, "GPS"), (.lbs, "LBS"), (.wifi, "WIFI")])
        pinned([(TamperKind.strap, "STRAP"), (.case, "CASE"), (.obstruction, "OBSTRUCTION"), (.homeUnitMoved, "HOME_UNIT_MOVED")])
        #expect(
            ConditionRule.typeNames == [
                "curfew", "exclusionZone", "inclusionZone", "trail", "alcohol", "attendance",
                "nonAssociation", "victimProximity",
            ])
    }

    @Test("users and crime documents")
    func userAndCrimeCodes() {
        pinned([
            (Role.admin, "admin"), (.orderManager, "order_manager"), (.monitoringOfficer, "monitoring_officer"),
            (.probation, "probation"), (.police, "police"), (.crimeAnalyst, "crime_analyst"), (.analyst, "analyst"),
        ])
        pinned([
            (CrimeType.robbery, "RB"), (.burglaryDwelling, "BIAD"), (.aggravatedBurglary, "AB"), (.burglaryOther, "BOTD"),
            (.theftOfVehicle, "TOMV"), (.theftFromPerson, "TFP"), (.theftFromVehicle, "TFMV"),
        ])
        pinned([(CrimeBatchStatus.successful, "SUCCESSFUL"), (.partial, "PARTIAL"), (.failed, "FAILED")])
        pinned([(MatchKind.fix, "FIX"), (.path, "PATH"), (.possible, "POSSIBLE")])
    }
}
