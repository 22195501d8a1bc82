import Foundation
import Testing

@testable import OpenEMServer

/// The fast reading of telemetry uploads must give what the generic decoder gives, and hand everything it does not
/// read itself back to it.
@Suite struct TelemetryBatchScannerTests {
    func scan(_ body: String) -> TelemetryController.Batch? {
        Array(body.utf8).withUnsafeBytes(TelemetryBatchScanner.scan)
    }

    func decoded(_ body: String) -> TelemetryController.Batch? {
        try? JSONDecoder().decode(TelemetryController.Batch.self, from: Data(body.utf8))
    }

    @Test func readsEveryMessageTypeAsTheDecoderDoes() throws {
        let bodies = [
            #"{"deviceId":"d-1","messages":[{"seq":1,"type":"position","time":"2026-11-30T21:00:00Z","lat":51.5,"lon":-0.12,"accuracyMetres":8}]}"#,
            #" { "messages" : [ { "seq" : 2 , "type" : "position" , "time" : "2026-11-30T21:00:00.250Z" , "lat" : -1.5e1 , "lon" : 0 , "#
                + #""accuracyMetres" : 12.75 , "source" : "WIFI" , "speed" : 1.4E+0 , "heading" : null } ] , "deviceId" : "d-2" } "#,
            #"{"deviceId":"d-3","messages":[{"seq":3,"type":"rf","time":"t","inRange":false},{"seq":4,"type":"alcohol","time":"t","tac":0.021,"#
                + #""irVoltage":1.2,"temperatureC":33.5},{"seq":5,"type":"tamper","time":"t","kind":"STRAP"},{"seq":6,"type":"battery","time":"t","#
                + #""levelPercent":15,"charging":true},{"seq":7,"type":"heartbeat","time":"t","extra":"ignored","other":-2}]}"#,
            #"{"deviceId":"d-4","messages":[]}"#,
            #"{"deviceId":"Zoë ✓","messages":[{}]}"#,
        ]
        for body in bodies {
            let fast = try #require(scan(body), "\(body)")
            #expect(fast == decoded(body), "\(body)")
        }
        let read = try #require(scan(bodies[1]))
        #expect(read.deviceId == "d-2")
        #expect(read.messages[0].lat == -15 && read.messages[0].speed == 1.4 && read.messages[0].heading == nil)
        #expect(read.messages[0].time == "2026-11-30T21:00:00.250Z" && read.messages[0].source == "WIFI")
    }

    @Test func leavesEverythingElseToTheDecoder() {
        let bodies = [
            #"{"deviceId":"d","messages":[{"seq":"1","type":"position"}]}"#,  // wrong type: the decoder names it
            #"{"deviceId":"d","messages":[{"seq":1.5}]}"#,
            #"{"deviceId":"d","messages":[{"seq":99999999999999999999}]}"#,
            #"{"deviceId":"d","messages":[{"lat":true}]}"#,
            #"{"deviceId":"d","messages":[{"type":"rf","inRange":1}]}"#,
            #"{"deviceId":"d\u0041","messages":[]}"#,  // an escape
            #"{"deviceId":"d","messages":[{"seq":1,"seq":2}]}"#,  // a repeated key
            #"{"deviceId":"d","messages":[{"lat":1,"lon":2,"lat":3}]}"#,
            #"{"deviceId":"d","messages":[{"extra":1,"extra":2}]}"#,
            #"{"deviceId":"d","messages":[{"extra":{"nested":1}}]}"#,
            #"{"deviceId":"d","messages":[{"lat":01}]}"#,  // not JSON
            #"{"deviceId":"d","messages":[{"lat":1.}]}"#,
            #"{"deviceId":"d","messages":[{"lat":1e999}]}"#,
            #"{"deviceId":"d","messages":[{"seq":1},]}"#,
            #"{"deviceId":"d","messages":[]} x"#,
            #"{"deviceId":"d","messages":[],"more":1}"#,
            #"{"deviceId":"d"}"#,
            #"{"messages":[]}"#,
            #"[]"#,
            "",
        ]
        for body in bodies {
            #expect(scan(body) == nil, "\(body)")
        }
        // Bodies the decoder takes are read by it to the same effect: a field of the wrong type is named, not dropped.
        #expect(decoded(bodies[0])?.messages[0].typeErrors == ["seq"])
    }
}
