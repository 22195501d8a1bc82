import Foundation
import OpenEMCore
import Testing

@Suite struct DataDictionaryTests {
    @Test func everyEntityAndFieldIsNamedOnceAndEveryTypeResolves() {
        let names = DataDictionary.entities.map(\.name)
        #expect(Set(names).count == names.count, "entity names repeat")
        for e in DataDictionary.entities {
            let fields = e.fields.map(\.name)
            #expect(Set(fields).count == fields.count, "\(e.name) names a field twice")
            #expect(!e.description.isEmpty)
            for f in e.fields {
                #expect(!f.description.isEmpty, "\(e.name).\(f.name) has no description")
                if let inner = f.entityType { #expect(DataDictionary.entity(inner) != nil, "\(e.name).\(f.name): no entity \(inner)") }
                // A dotted field sits below an object (or a list of objects) of the same entity.
                if let dot = f.name.lastIndex(of: ".") {
                    let parent = e.field(String(f.name[..<dot]))
                    #expect(parent?.hasNestedFields == true, "\(e.name).\(f.name) has no object above it")
                }
            }
        }
    }

    @Test func theAPIsResourcesAreThereUnderTheirAPINames() {
        for name in [
            "subject", "address", "order", "condition", "device", "installation", "telemetry", "violation", "alert", "crime",
            "auditEntry", "user", "addressCheck", "alertEvent", "webhook", "crimeBatch", "crimeMatch", "pass", "areaSearch",
            "token", "signInLock",
        ] {
            #expect(DataDictionary.entity(name) != nil, "\(name) is missing")
        }
    }

    @Test func pathsReachNestedKeysAndTheEntitiesAFieldHolds() {
        #expect(DataDictionary.field("subject.identifiers.crn")?.personalData == .directIdentifier)
        #expect(DataDictionary.field("subject.addresses.postcode")?.personalData == .location)
        #expect(DataDictionary.field("alert.history.kind")?.allowedValues == AlertEvent.Kind.allCases.map(\.rawValue))
        #expect(DataDictionary.field("order.status")?.allowedValues == ["ACTIVE", "ENDED"])
        #expect(DataDictionary.field("order.cohort")?.allowedValues == Cohort.allCases.map(\.rawValue))
        #expect(DataDictionary.field("telemetry.tac")?.personalData == .specialCategory)
        #expect(DataDictionary.field("subject.shoeSize") == nil)
        #expect(DataDictionary.field("nothing.id") == nil)
        #expect(DataDictionary.field("subject") == nil)
    }

    @Test func personalFieldsAndClassesFollowTheClassification() {
        let personal = Set(DataDictionary.personalFields(of: "subject").map(\.name))
        #expect(personal.isSuperset(of: ["firstName", "lastName", "dateOfBirth", "identifiers.crn", "identifiers.pnc"]))
        #expect(!personal.contains("createdAt"))
        // A subject holds its addresses, so reading one reads where the person lives.
        #expect(DataDictionary.personalClasses(of: "subject") == [.directIdentifier, .quasiIdentifier, .location])
        #expect(DataDictionary.personalClasses(of: "caseloadStatistics") == [])
        #expect(DataDictionary.personalClasses(of: "violation").contains(.specialCategory), "evidence readings are health data")
        #expect(DataDictionary.personalClasses(of: "telemetry") == [.location, .specialCategory])
        #expect(DataDictionary.personalClasses(of: "telemetry", fields: ["time", "lat", "lon"]) == [.location], "positions only")
    }

    @Test func everyRetentionClassHasAPeriodAnISO8601DurationCanSay() {
        for r in RetentionClass.allCases {
            #expect(r.defaultKeep.range(of: "^P[0-9]+[YMWD]$", options: .regularExpression) != nil, "\(r): \(r.defaultKeep)")
        }
        #expect(RetentionClass.subjectRecord.defaultKeep == "P6Y" && RetentionClass.subjectRecord.defaultAfter == .orderEnd)
        #expect(RetentionClass.location.defaultAfter == .event)
    }
}
