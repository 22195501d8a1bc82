import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// Every request form real OsmAnd clients send, each ending as a fix in the wearer's trail at its coordinates.
@Suite struct OsmAndFormsTests {
    /// 2026-11-20T11:00:00Z, an hour before the harness's clock.
    static let eleven = 1_795_172_400

    struct Form: Sendable, CustomStringConvertible {
        var description: String
        var method: HTTPRequest.Method = .get
        /// Path and query after `/osmand?id=KEY` (starting with `&`), or the whole body with KEY in it.
        var query: String = ""
        var body: String?
        var contentType: String?
        var time: String
        var lat: Double
        var lon: Double
        var accuracy: Double?
        var timeIsReceipt = false
    }

    static let forms: [Form] = [
        Form(
            description: "Unix seconds, accuracy", query: "&lat=51.501&lon=-0.101&timestamp=\(eleven + 60)&accuracy=7", time: "11:01:00",
            lat: 51.501, lon: -0.101, accuracy: 7),
        Form(
            description: "Unix milliseconds, hdop", query: "&lat=51.502&lon=-0.102&timestamp=\(eleven + 120)500&hdop=1.6", time: "11:02:00.500",
            lat: 51.502, lon: -0.102, accuracy: 8),
        Form(
            description: "ISO-8601 with Z and fraction", query: "&lat=51.503&lon=-0.103&timestamp=2026-11-20T11:03:00.250Z&hacc=4",
            time: "11:03:00.250", lat: 51.503, lon: -0.103, accuracy: 4),
        Form(
            description: "ISO-8601 without zone", query: "&lat=51.504&lon=-0.104&timestamp=2026-11-20T11:04:00&accuracy=5", time: "11:04:00",
            lat: 51.504, lon: -0.104, accuracy: 5),
        Form(
            description: "ISO-8601 zone escaped", query: "&lat=51.505&lon=-0.105&timestamp=2026-11-20T12:05:00%2B01:00&accuracy=5", time: "11:05:00",
            lat: 51.505, lon: -0.105, accuracy: 5),
        Form(
            description: "ISO-8601 zone not escaped (+ reads as a space)",
            query: "&lat=51.506&lon=-0.106&timestamp=2026-11-20T12:06:00+01:00&accuracy=5", time: "11:06:00", lat: 51.506, lon: -0.106, accuracy: 5),
        Form(
            description: "ISO-8601 colons escaped", query: "&lat=51.507&lon=-0.107&timestamp=2026-11-20T11%3A07%3A00Z&accuracy=5", time: "11:07:00",
            lat: 51.507, lon: -0.107, accuracy: 5),
        Form(
            description: "yyyy-MM-dd HH:mm:ss with +", query: "&lat=51.508&lon=-0.108&timestamp=2026-11-20+11:08:00&accuracy=5", time: "11:08:00",
            lat: 51.508, lon: -0.108, accuracy: 5),
        Form(
            description: "yyyy-MM-dd HH:mm:ss with %20", query: "&lat=51.509&lon=-0.109&timestamp=2026-11-20%2011:09:00&accuracy=5",
            time: "11:09:00", lat: 51.509, lon: -0.109, accuracy: 5),
        Form(
            description: "deviceid, location=lat,lon, no accuracy, extras",
            query: "&location=51.510,-0.110&timestamp=\(eleven + 600)&valid=true&driverUniqueId=7&altitude=30&bearing=90&speed=3", time: "11:10:00",
            lat: 51.51, lon: -0.11, accuracy: nil),
        Form(
            description: "accuracy 0 (Android: none)", query: "&lat=51.511&lon=-0.111&timestamp=\(eleven + 660)&accuracy=0", time: "11:11:00",
            lat: 51.511, lon: -0.111, accuracy: nil),
        Form(
            description: "POST form body", method: .post, body: "id=KEY&lat=51.512&lon=-0.112&timestamp=2026-11-20+11:12:00&accuracy=9&batt=50",
            contentType: "application/x-www-form-urlencoded", time: "11:12:00", lat: 51.512, lon: -0.112, accuracy: 9),
        Form(
            description: "POST with an empty body, all in the query", method: .post,
            query: "&lat=51.513&lon=-0.113&timestamp=\(eleven + 780)&accuracy=6", time: "11:13:00", lat: 51.513, lon: -0.113, accuracy: 6),
        Form(
            description: "Traccar Client 9 JSON, -1 and null for unknowns", method: .post,
            body: """
                {"location":{"timestamp":"2026-11-20T11:14:00.000Z","coords":{"latitude":51.514,"longitude":-0.114,"accuracy":-1,\
                "speed":-1,"heading":-1,"altitude":null},"is_moving":false,"odometer":0,"event":"motionchange",\
                "battery":{"level":-1,"is_charging":null},"activity":{"type":"still"},"extras":{}},"device_id":"KEY"}
                """, contentType: "application/json", time: "11:14:00", lat: 51.514, lon: -0.114, accuracy: nil),
        Form(
            description: "Traccar Client 9 JSON, numeric timestamp", method: .post,
            body: """
                {"device_id":"KEY","location":{"timestamp":\(eleven + 900)000,"coords":{"latitude":51.515,"longitude":-0.115,\
                "accuracy":12,"speed":1.2,"heading":180,"altitude":25},"battery":{"level":0.8,"is_charging":true}}}
                """, contentType: "application/json", time: "11:15:00", lat: 51.515, lon: -0.115, accuracy: 12),
        Form(
            description: "no timestamp: the time of receipt, marked", query: "&lat=51.516&lon=-0.116&accuracy=5", time: "12:00:00", lat: 51.516,
            lon: -0.116, accuracy: 5, timeIsReceipt: true),
    ]

    @Test(arguments: forms)
    func eachFormEndsInTheTrailAtItsCoordinates(_ form: Form) async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            let idKey = form.description.hasPrefix("deviceid") ? "deviceid" : "id"
            let r =
                if let body = form.body {
                    try await c.call(
                        form.method, "/osmand" + (form.query.isEmpty ? "" : "?" + form.query.dropFirst()),
                        body: body.replacingOccurrences(of: "KEY", with: w.key), contentType: form.contentType)
                } else {
                    try await c.call(form.method, "/osmand?\(idKey)=\(w.key)" + form.query)
                }
            #expect(r.status == .ok, "\(form): \(r.text)")
            #expect(r.json["stored"].array.first?.string == "position", "\(form): \(r.text)")
            #expect(r.json["ignored"].array.isEmpty, "\(form): \(r.text)")

            let trail = try await c.call(
                .get, "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T10:00:00Z&to=2026-11-20T12:30:00Z", token: w.admin)
            let features = trail.json["features"].array
            #expect(features.count == 1, "\(form): \(trail.text)")
            guard let f = features.first else { return }
            #expect(f["geometry"]["coordinates"][0].double == form.lon && f["geometry"]["coordinates"][1].double == form.lat, "\(form)")
            let time = ISOTime.parse(f["properties"]["time"].string ?? "")
            let expected = ISOTime.parse("2026-11-20T\(form.time)Z")
            #expect(time == expected, "\(form): \(f["properties"]["time"])")
            #expect(f["properties"]["accuracyMetres"].double == form.accuracy, "\(form)")
            #expect((f["properties"]["timeIsReceipt"].bool ?? false) == form.timeIsReceipt, "\(form)")
        }
    }

    @Test func aReportWithCellsOrWiFiAndNoPositionIsStoredAsWhatItIs() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await OsmAndTests.phone(c)
            let r = try await c.call(
                .get,
                "/osmand?id=\(phone.key)&timestamp=\(Self.eleven)&cell=234,15,1234,5678,-70&cell=234,15,1234,5679&wifi=aa:bb:cc:dd:ee:ff,-60&batt=30"
            )
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["stored"].array.compactMap(\.string) == ["unlocated", "battery"])
            let bare = try await c.call(.get, "/osmand?id=\(phone.key)&timestamp=\(Self.eleven + 60)")
            #expect(bare.status == .ok && bare.json["stored"].array.compactMap(\.string) == ["heartbeat"], "\(bare.text)")
            let payloads = try await OsmAndTests.stored(c, phone.id).map(\.payload)
            #expect(payloads.contains(.unlocated(UnlocatedReport(cells: 2, wifiAccessPoints: 1))))
            #expect(payloads.contains(.battery(levelPercent: 30, charging: false)))
            #expect(payloads.contains(.heartbeat))
            #expect(!payloads.contains { if case .position = $0 { true } else { false } })
        }
    }
}
