import Foundation
import OpenEMCore
import OpenEMSimulator
import Testing

@Suite("Simulator and accuracy")
struct AccuracyTests {
    static let start: Date = {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Europe/London")!
        return cal.date(from: DateComponents(year: 2026, month: 10, day: 19, hour: 12))!
    }()

    @Test("the rules meet the accuracy targets on a simulated caseload (200 wearers, 4 days)")
    func targets() {
        let report = AccuracyRun.run(wearers: 200, days: 4, seed: 7, start: Self.start)
        let types = Set(report.byType.filter { $0.truth > 0 }.map(\.type))
        // The caseload really exercises the rules.
        #expect(
            types.isSuperset(of: [
                .curfewAbsence, .exclusionZoneEntry, .attendanceMissed, .victimProximityWarning,
                .victimProximityBreach, .lowBattery, .batteryFlat,
            ]))
        #expect(report.nearMisses > 10)
        for f in report.byType {
            #expect(f.recall == 1, "\(f.type.rawValue): recall \(f.found)/\(f.truth); missed \(report.misses.filter { $0.type == f.type })")
        }
        #expect(report.precision >= 0.99, "\(report)")
        #expect(report.falseAlertsPer1000WearerDays <= 1, "\(report.falses)")
        #expect(report.nearMissesRaised == 0)
    }

    @Test("a caseload and its truth are the same for a seed and differ between seeds")
    func deterministic() {
        let a = CaseloadGenerator.make(wearers: 50, seed: 3), b = CaseloadGenerator.make(wearers: 50, seed: 3)
        #expect(a.map(\.home) == b.map(\.home) && a.map(\.cohort) == b.map(\.cohort))
        #expect(CaseloadGenerator.make(wearers: 50, seed: 4).map(\.home) != a.map(\.home))
        var s1 = SimWearerState(), s2 = SimWearerState()
        let day = Behaviour.localMidnight(onOrBefore: Self.start)
        let d1 = Behaviour.day(a[0], day: day, dayIndex: 0, seed: 3, state: &s1)
        let d2 = Behaviour.day(b[0], day: day, dayIndex: 0, seed: 3, state: &s2)
        #expect(d1.messages.map(\.time) == d2.messages.map(\.time) && d1.truth == d2.truth)
    }

    @Test("proportions follow the 2020 figures: about half bail, a third licence; cohorts fit their conditions")
    func caseloadShape() {
        let caseload = CaseloadGenerator.make(wearers: 2_000, seed: 11)
        let bail = Double(caseload.filter { $0.orderType == .bail }.count) / 2_000
        let licence = Double(caseload.filter { $0.orderType == .postRelease }.count) / 2_000
        #expect((0.45...0.55).contains(bail) && (0.26...0.36).contains(licence))
        for w in caseload {
            let types = w.conditions(homeAddressId: "a", period: DateInterval(start: Self.start, duration: 14 * 86_400)).map(\.rule.typeName)
            switch w.cohort {
            case .domesticAbuse:
                #expect(types.contains("exclusionZone") && w.victimHome != nil)
                let withPhone = w.conditions(homeAddressId: "a", victimDeviceId: "phone", period: DateInterval(start: Self.start, duration: 86_400))
                #expect(withPhone.map(\.rule.typeName).contains("victimProximity"))
            case .alcohol: #expect(types.contains("alcohol") && w.deviceType == .alcoholTag)
            case .acquisitiveCrime: #expect(types.contains("trail") && !types.contains("curfew"))
            default: break
            }
            // Licence, community and youth cases on GPS report to probation weekly.
            let reports = w.deviceType == .gpsTag && [.postRelease, .community, .youth].contains(w.orderType)
            #expect(types.contains("attendance") == reports)
        }
        // Homes spread over Greater London.
        #expect(caseload.allSatisfy { (51.38...51.62).contains($0.home.lat) && (-0.42...0.17).contains($0.home.lon) })
    }

    @Test("fixes: one a minute, mostly 3-15 m, some coarse cell fixes; backlogs are sent late")
    func fixRealism() throws {
        let caseload = CaseloadGenerator.make(wearers: 40, seed: 5).filter { $0.deviceType == .gpsTag }
        var accuracies: [Double] = []
        var late = 0, total = 0
        for w in caseload {
            var st = SimWearerState()
            let msgs = Behaviour.day(w, day: Behaviour.localMidnight(onOrBefore: Self.start), dayIndex: 0, seed: 5, state: &st).messages
            for m in msgs {
                guard case .position(let f) = m.payload else { continue }
                accuracies.append(try #require(f.accuracyMetres, "the simulator states every fix's accuracy"))
                total += 1
                if m.sendTime.timeIntervalSince(m.time) > 600 { late += 1 }
            }
        }
        let good = Double(accuracies.filter { $0 <= 15 }.count) / Double(accuracies.count)
        #expect(good > 0.5 && good < 0.95)
        #expect(accuracies.contains { $0 >= 150 })
        #expect(Double(total) / Double(caseload.count) >= 1_380)
        #expect(late > 0, "some coverage gaps upload a backlog")
    }
}
