import Foundation

/// Values that cannot be right.
enum ValidityRules {
    static let all: [DataQualityRule] = [
        DataQualityRule(
            id: "POSTCODE_NOT_UK", title: "Postcodes that are not UK postcodes", dimension: .validity, entity: "subject",
            description: "Wearers with an address whose address.postcode is not in the form of a UK postcode "
                + "(such as SW1A 1AA).",
            fields: ["address.postcode"]
        ) { c in
            let withPostcode = c.snapshot.subjects.filter { s in s.addresses.contains { !($0.postcode ?? "").isBlank } }
            return QualityOutcome(withPostcode, id: \.id) { s in
                s.addresses.contains { a in a.postcode.map { !$0.isBlank && !UKPostcode.isValid($0) } ?? false }
            }
        },
        DataQualityRule(
            id: "ADDRESS_OUTSIDE_ENGLAND_AND_WALES", title: "Addresses outside England and Wales", dimension: .validity, entity: "subject",
            description: "Wearers with an address whose address.location is outside England and Wales (in Scotland, "
                + "at sea, abroad, at 0,0, or with latitude and longitude swapped).",
            fields: ["address.location"]
        ) { c in
            QualityOutcome(c.snapshot.subjects.filter { !$0.addresses.isEmpty }, id: \.id) { s in
                s.addresses.contains { !EnglandAndWales.contains($0.location) }
            }
        },
        DataQualityRule(
            id: "DATE_OF_BIRTH_IMPLAUSIBLE", title: "Ages under 10 or over 100", dimension: .validity, entity: "subject",
            description: "Wearers whose subject.dateOfBirth makes them under 10 (below the age of criminal "
                + "responsibility) or over 100 today.",
            fields: ["subject.dateOfBirth"]
        ) { c in
            let today = LocalDay(containing: c.now, in: TimeZone(identifier: "Europe/London")!)
            return QualityOutcome(c.snapshot.subjects.filter { $0.dateOfBirth != nil }, id: \.id) { s in
                guard let born = s.dateOfBirth.flatMap(LocalDay.init(isoDate:)) else { return true }
                return born > today.adding(months: -12 * 10) || born <= today.adding(months: -12 * 101)
            }
        },
        DataQualityRule(
            id: "DEVICE_READING_OUT_OF_RANGE", title: "Device readings out of physical range", dimension: .validity, entity: "device",
            description: "Devices that have sent a telemetry reading outside what the sensor can measure (a battery "
                + "level outside 0-100%, a TAC above 0.5 g/dL, a skin temperature outside 0-50 C, a negative IR "
                + "voltage): the device is faulty and its readings are doubtful.",
            fields: ["telemetry.levelPercent", "telemetry.tac", "telemetry.temperatureC", "telemetry.irVoltage"]
        ) { c in
            QualityOutcome(c.snapshot.deviceActivity, id: \.key) { $0.value.readingsOutOfRange > 0 }
        },
    ]
}
