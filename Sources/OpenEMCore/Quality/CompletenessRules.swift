import Foundation
import Geo

/// Records missing something a practitioner needs.
enum CompletenessRules {
    static let all: [DataQualityRule] = [
        DataQualityRule(
            id: "ACTIVE_ORDER_WITHOUT_OFFICER", title: "Active orders without a responsible officer", dimension: .completeness, entity: "order",
            description: "Active orders whose wearer has no responsible officer (order.status is ACTIVE and "
                + "subject.responsibleOfficer is empty): nobody in probation is told of a breach.",
            fields: ["order.status", "order.subjectId", "subject.responsibleOfficer"]
        ) { c in
            QualityOutcome(c.activeOrders, id: \.id) { o in
                c.subjects[o.subjectId].map { ($0.responsibleOfficer ?? "").isBlank } ?? true
            }
        },
        DataQualityRule(
            id: "SUBJECT_WITHOUT_CRN", title: "Wearers without a CRN", dimension: .completeness, entity: "subject",
            description: "Wearers without a Case Reference Number (subject.identifiers.crn): their EM record cannot be "
                + "linked to their probation record.",
            fields: ["subject.identifiers.crn"]
        ) { c in
            QualityOutcome(c.snapshot.subjects, id: \.id) { ($0.identifiers.crn ?? "").isBlank }
        },
        DataQualityRule(
            id: "GPS_CURFEW_ADDRESS_WITHOUT_LOCATION", title: "GPS curfews at an address without a location", dimension: .completeness,
            entity: "order",
            description: "Active orders of wearers with a GPS tag fitted whose curfew address has no usable location "
                + "(condition.addressId names no address of the wearer, or address.location is 0,0 or not a real "
                + "coordinate): the curfew cannot be checked against their position.",
            fields: ["condition.addressId", "address.location", "installation.deviceId", "device.type"]
        ) { c in
            let withCurfew = c.activeOrders.filter { c.gpsWearers.contains($0.subjectId) && !$0.curfewAddressIds.isEmpty }
            return QualityOutcome(withCurfew, id: \.id) { o in
                o.curfewAddressIds.contains { id in !(c.subjects[o.subjectId]?.address(id: id)?.location.isUsable ?? false) }
            }
        },
        DataQualityRule(
            id: "REVIEW_DATE_MISSING", title: "Licence-project orders without a review date", dimension: .completeness, entity: "order",
            description: "Active licences in a time-limited project (order.orderType POST_RELEASE and order.cohort "
                + "ACQUISITIVE_CRIME, ALCOHOL or DOMESTIC_ABUSE, reviewed every 3 months) with no order.nextReviewDate.",
            fields: ["order.status", "order.orderType", "order.cohort", "order.nextReviewDate"]
        ) { c in
            let licences = c.activeOrders.filter { OrderValidation.isLicenceProject(orderType: $0.orderType, cohort: $0.cohort) }
            return QualityOutcome(licences, id: \.id) {
                ($0.nextReviewDate ?? "").isBlank
            }
        },
    ]
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}

extension Coordinate {
    /// A coordinate that can be a real place: finite, in range, and not the 0,0 a missing value is often stored as.
    var isUsable: Bool {
        lat.isFinite && lon.isFinite && abs(lat) <= 90 && abs(lon) <= 180 && !(lat == 0 && lon == 0)
    }
}

extension Order {
    /// The addresses the order's curfews are kept at.
    var curfewAddressIds: [EntityID] {
        conditions.compactMap { cond in
            if case .curfew(let curfew) = cond.rule { return curfew.addressId }
            return nil
        }
    }
}
