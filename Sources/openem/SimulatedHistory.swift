import Foundation
import OpenEMCore
import OpenEMSimulator

/// A demo's past: orders that started and ended over the months before the live caseload, made through the API
/// like everything else, so the monthly statistics and the caseload forecast have a history to show on first run.
/// Each is a past wearer's order that has ended (dated with the day it ended); none has a tag, so the evaluator has
/// nothing of theirs to judge and no alert can come from them.
extension SimulationDriver {
    /// Creates `months` months of past orders ending before `before`; starts grow month on month, as caseloads do.
    func createHistory(months: Int, before: Date) async throws -> Int {
        guard months > 0 else { return 0 }
        var rng = SimRandom(seed: o.seed &+ 0x4849_5354)  // "HIST": its own stream, so the live caseload is unchanged
        let past = CaseloadGenerator.make(wearers: months * 40, seed: o.seed &+ 1)
        let lastDay = before.addingTimeInterval(-86_400)
        var made = 0
        for m in 0..<months {
            let monthStart = Calendar(identifier: .gregorian).date(byAdding: .month, value: m - months, to: before)!
            let starts = 14 + m * 3 / 2 + Int(rng.next() % 5)
            for _ in 0..<starts where made < past.count {
                let w = past[made]
                made += 1
                let start = monthStart.addingTimeInterval(rng.uniform(0, 28) * 86_400)
                guard start < lastDay else { continue }
                let end = min(start.addingTimeInterval(rng.uniform(60, 240) * 86_400), lastDay)
                let s = try await call(
                    .POST, "/api/v1/subjects",
                    [
                        "firstName": w.firstName, "lastName": w.lastName, "dateOfBirth": w.dateOfBirth,
                        "identifiers": ["crn": String(format: "H%06d", made)], "forceArea": w.forceArea,
                        "probationRegion": w.probationRegion, "responsibleOfficer": "probation.london",
                        "addresses": [
                            [
                                "type": "PRIMARY", "line1": "\(10 + made % 190) Old Road", "town": "London", "postcode": w.postcode,
                                "location": ["lat": w.home.lat, "lon": w.home.lon],
                            ]
                        ],
                    ])
                guard let subjectId = s["id"] as? String else { throw HTTPFailure(description: "past subject without an id") }
                let order = try await call(
                    .POST, "/api/v1/orders",
                    [
                        "subjectId": subjectId, "orderType": w.orderType.rawValue, "cohort": w.cohort.rawValue,
                        "startDate": Self.isoDate(start), "endDate": Self.isoDate(end), "conditions": [["type": "trail"]],
                    ])
                guard let orderId = order["id"] as? String else { throw HTTPFailure(description: "past order without an id") }
                _ = try await call(
                    .POST, "/api/v1/orders/\(orderId)/end",
                    ["reason": "Order completed", "endedAt": ISOTime.format(end.addingTimeInterval(18 * 3_600))])
            }
        }
        say("simulate: \(made) past orders over \(months) months, all ended")
        return made
    }
}
